import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormRenderer, Loading, useFormKitLoader, useLocale, type Form, type FormKit } from '@formloom/runtime';

/**
 * The designing surface for one form. For now: the draft as people will see it, rendered by the
 * runtime's own renderer (palette, canvas and properties arrive with the designer core).
 */
export function Workspace({ form }: { form: Form }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const load = useFormKitLoader();
  const [kit, setKit] = useState<FormKit | null>(null);
  useEffect(() => {
    let live = true;
    void load().then((k) => live && setKit(k));
    return () => {
      live = false;
    };
  }, [load]);

  return (
    <main className="fl-main fl-designer">
      <h1 className="fl-title">
        {t('designer.designerComingTitle')}: {form.name}
      </h1>
      <section className="fl-card fl-panel" data-testid="preview">
        {kit ? (
          <FormRenderer
            schema={form.draft.schema}
            uiSchema={form.draft.uiSchema}
            locale={locale}
            validatorFor={kit.validatorFor}
            widgets={kit.widgets}
            fields={kit.fields}
            fieldTypes={kit.fieldTypes}
          />
        ) : (
          <Loading />
        )}
      </section>
    </main>
  );
}
