import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale, type Form } from '@formloom/runtime';
import type { FieldNode } from '../../core/index.ts';
import { useDesignerApi } from '../../api/DesignerApiContext.tsx';
import type { Autosave } from '../autosave.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { useDesigner } from '../DesignerContext.tsx';
import { describeError } from '../errors.ts';
import { pick } from '../text.ts';
import { breakingChanges, diffForms, type BreakingChange } from './diff.ts';
import { versionDoc } from './VersionsPanel.tsx';

type Step =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'confirm'; breaking: BreakingChange[] }
  | { state: 'done'; version: number }
  | { state: 'failed'; message: string };

/**
 * Publish: warn first when the change would make answers already submitted fail the new version,
 * then save the draft (never publishing something the server does not have), then publish it.
 */
export function PublishButton({ form, autosave, onPublished }: { form: Form; autosave: Autosave; onPublished: (version: number) => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useDesignerApi();
  const { store, registry } = useDesigner();
  const [step, setStep] = useState<Step>({ state: 'idle' });

  const fail = (error: unknown) => {
    const message = t('designer.publish.failed', { reason: describeError(t, error) });
    setStep({ state: 'failed', message }); // shown in an alert, which is announced
  };

  const publish = async () => {
    setStep({ state: 'busy' });
    try {
      if (!(await autosave.flush())) {
        const status = autosave.getStatus();
        fail(status.state === 'failed' ? status.error : { code: 'version_conflict', message: 'conflict' });
        return;
      }
      const { version } = await api.publish(form.id);
      setStep({ state: 'done', version }); // the status next to the button says so (it is a live region)
      onPublished(version);
    } catch (error) {
      fail(error);
    }
  };

  const start = async () => {
    setStep({ state: 'busy' });
    try {
      const versions = await api.listVersions(form.id);
      const latest = versions[versions.length - 1];
      const breaking = latest ? breakingChanges(diffForms(versionDoc(latest, registry), store.getState().doc, registry)) : [];
      if (breaking.length) setStep({ state: 'confirm', breaking });
      else await publish();
    } catch (error) {
      fail(error);
    }
  };

  const label = (node: FieldNode) => pick(node.label, locale) || node.key;
  return (
    <>
      <button
        type="button"
        className="fl-btn fl-btn--primary fl-dz-toolbar__btn"
        onClick={start}
        disabled={step.state === 'busy'}
        aria-busy={step.state === 'busy'}
      >
        {t('designer.toolbar.publish')}
      </button>
      <span className="fl-dz-publish__status" role="status">
        {step.state === 'busy'
          ? t('designer.toolbar.publishing')
          : step.state === 'done'
            ? t('designer.publish.done', { version: step.version })
            : ''}
      </span>
      {step.state === 'failed' && (
        <div className="fl-alert fl-alert--error fl-dz-publish__error" role="alert">
          <p>{step.message}</p>
          <button type="button" className="fl-btn fl-btn--ghost fl-dz-compact" onClick={() => setStep({ state: 'idle' })}>
            {t('designer.dismiss')}
          </button>
        </div>
      )}
      {step.state === 'confirm' && (
        <ConfirmDialog
          title={t('designer.publish.confirmTitle')}
          confirmLabel={t('designer.publish.confirm')}
          cancelLabel={t('designer.publish.cancel')}
          onCancel={() => setStep({ state: 'idle' })}
          onConfirm={publish}
        >
          <p>{t('designer.publish.confirmLead')}</p>
          <ul>
            {step.breaking.map((b, i) => (
              <li key={i}>
                {b.kind === 'newRequired'
                  ? t('designer.publish.breaking.newRequired', { name: label(b.field.node) })
                  : b.kind === 'nowRequired'
                    ? t('designer.publish.breaking.nowRequired', { name: label(b.field.after.node) })
                    : b.kind === 'typeChanged'
                      ? t('designer.publish.breaking.typeChanged', { name: label(b.field.after.node) })
                      : t('designer.publish.breaking.optionsRemoved', {
                          name: label(b.field.after.node),
                          options: b.field.removedOptions.join(t('designer.rules.listSeparator')),
                        })}
              </li>
            ))}
          </ul>
          <p>{t('designer.publish.confirmTail')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
