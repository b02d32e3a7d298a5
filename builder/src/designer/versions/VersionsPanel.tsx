import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading, useAsync, useLocale, type Form, type FormVersion } from '@formloom/runtime';
import type { ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { emptyDoc, importForm, type FormDoc } from '../../core/index.ts';
import { useDesignerApi } from '../../api/DesignerApiContext.tsx';
import { useDesigner, useDoc } from '../DesignerContext.tsx';
import { DiffView } from './DiffView.tsx';
import { diffForms, isEmptyDiff } from './diff.ts';

/** A published version as the designer reads it; one it cannot read counts as empty, not as a crash. */
export function versionDoc(version: Pick<FormVersion, 'schema' | 'uiSchema'>, registry: ReadonlyFieldTypeRegistry): FormDoc {
  try {
    return importForm(version.schema, version.uiSchema, { registry });
  } catch {
    return emptyDoc();
  }
}

/** Unpublished changes, then every published version with what it changed. */
export function VersionsPanel({ form, refreshKey }: { form: Form; refreshKey: number }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useDesignerApi();
  const { registry } = useDesigner();
  const draft = useDoc();
  const versions = useAsync(() => api.listVersions(form.id), [api, form.id, refreshKey]);
  const [open, setOpen] = useState<number | null>(null);
  const docs = useMemo(
    () => (versions.status === 'ok' ? versions.data.map((v) => ({ version: v, doc: versionDoc(v, registry) })) : []),
    [versions, registry],
  );
  const dateFormat = useMemo(
    () => new Intl.DateTimeFormat(locale === 'zh-Hant' ? 'zh-HK' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }),
    [locale],
  );

  if (versions.status === 'loading') return <Loading />;
  if (versions.status === 'error') return <ErrorState error={versions.error} onRetry={versions.reload} />;
  const latest = docs[docs.length - 1];
  const pending = latest ? diffForms(latest.doc, draft, registry) : null;

  return (
    <section className="fl-dz-versions" aria-labelledby="fl-dz-versions-title">
      <h2 id="fl-dz-versions-title" className="fl-dz-pane-title">
        {t('designer.versions.title')}
      </h2>
      <div className="fl-dz-versions__draft">
        <h3>{t('designer.versions.draft')}</h3>
        {!latest ? (
          <p className="fl-dz-hint">{t('designer.versions.neverPublished')}</p>
        ) : pending && isEmptyDiff(pending) ? (
          <p className="fl-dz-hint">{t('designer.versions.draftSame', { version: latest.version.version })}</p>
        ) : (
          <>
            <p className="fl-dz-hint">{t('designer.versions.draftChanges', { version: latest.version.version })}</p>
            <DiffView diff={pending!} before={latest.doc} after={draft} />
          </>
        )}
      </div>
      <ol className="fl-dz-versions__list" reversed>
        {[...docs].reverse().map(({ version, doc }) => {
          const i = docs.findIndex((d) => d.version.version === version.version);
          const previous = docs[i - 1]?.doc ?? null;
          const expanded = open === version.version;
          return (
            <li key={version.version} className="fl-dz-version">
              <button
                type="button"
                className="fl-dz-version__toggle"
                aria-expanded={expanded}
                onClick={() => setOpen(expanded ? null : version.version)}
              >
                <span className="fl-dz-version__name">{t('designer.versions.version', { version: version.version })}</span>
                <span className="fl-muted">{dateFormat.format(new Date(version.publishedAt))}</span>
              </button>
              {expanded && (
                <div className="fl-dz-version__diff">
                  <p className="fl-dz-hint">
                    {previous ? t('designer.versions.comparedWith', { version: version.version - 1 }) : t('designer.versions.first')}
                  </p>
                  <DiffView
                    diff={diffForms(previous ?? { ...emptyDoc(), title: doc.title }, doc, registry)}
                    before={previous ?? emptyDoc()}
                    after={doc}
                  />
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
