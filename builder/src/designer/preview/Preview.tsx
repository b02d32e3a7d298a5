import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, FormRenderer, Loading, useFormKitLoader, useLocale, type FormKit } from '@formloom/runtime';
import { compileForm } from '../../core/index.ts';
import { useDesigner, useDoc } from '../DesignerContext.tsx';
import { Icon } from '../icons.tsx';

type Device = 'phone' | 'desktop';

/**
 * The draft as people will fill it: the runtime's own FormRenderer (not a copy) fed what the
 * designer would save, so rules, calculations and validation behave exactly as they will.
 */
export function Preview() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { registry } = useDesigner();
  const doc = useDoc();
  const load = useFormKitLoader();
  const [kit, setKit] = useState<FormKit | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [device, setDevice] = useState<Device>('desktop');
  const [checked, setChecked] = useState(false);
  useEffect(() => {
    let live = true;
    load().then(
      (k) => live && setKit(k),
      (err: unknown) => live && setLoadError(err),
    );
    return () => {
      live = false;
    };
  }, [load]);
  const compiled = useMemo(() => {
    try {
      return { ok: true as const, ...compileForm(doc, { registry }) };
    } catch (error) {
      return { ok: false as const, error };
    }
  }, [doc, registry]);

  return (
    <section className="fl-dz-preview" aria-label={t('designer.preview.title')} data-testid="preview">
      <div className="fl-dz-preview__bar">
        <h2 className="fl-dz-pane-title">{t('designer.preview.title')}</h2>
        <div className="fl-dz-segmented" role="group" aria-label={t('designer.preview.device')}>
          {(['phone', 'desktop'] as const).map((d) => (
            <button key={d} type="button" className="fl-dz-segmented__btn" aria-pressed={device === d} onClick={() => setDevice(d)}>
              <Icon name={d} />
              {t(`designer.preview.${d}`)}
            </button>
          ))}
        </div>
      </div>
      <p className="fl-dz-hint">{t('designer.preview.hint')}</p>
      <div className={`fl-dz-device fl-dz-device--${device}`} data-testid={`preview-${device}`}>
        {loadError ? (
          <ErrorState error={loadError} />
        ) : !compiled.ok ? (
          <ErrorState error={compiled.error} />
        ) : kit ? (
          <FormRenderer
            schema={compiled.schema}
            uiSchema={compiled.uiSchema}
            locale={locale}
            validatorFor={kit.validatorFor}
            widgets={kit.widgets}
            fields={kit.fields}
            fieldTypes={kit.fieldTypes}
            onSubmit={() => setChecked(true)}
          >
            <div className="fl-dz-preview__submit">
              <button type="submit" className="fl-btn fl-btn--primary" onClick={() => setChecked(false)}>
                {t('designer.preview.check')}
              </button>
              {checked && (
                <span role="status" className="fl-dz-preview__ok">
                  {t('designer.preview.valid')}
                </span>
              )}
            </div>
          </FormRenderer>
        ) : (
          <Loading />
        )}
      </div>
    </section>
  );
}
