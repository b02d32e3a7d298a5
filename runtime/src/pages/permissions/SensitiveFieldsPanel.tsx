import type { FieldAccessRule, Form } from '@formloom/schemas';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { formTitle } from '../formTitle.ts';
import type { PermissionsApi } from './permissionsApi.ts';
import { PrincipalPicker, usePrincipalLabel } from './PrincipalPicker.tsx';

type Properties = Record<string, { title?: unknown; type?: unknown }>;

/** The form's top-level fields (published and draft), with their titles in the page's language where the form has them. */
function fieldsOf(form: Form): { key: string; title: string }[] {
  const out = new Map<string, string>();
  for (const schema of [form.published?.schema, form.draft.schema]) {
    const properties = (schema?.properties ?? {}) as Properties;
    for (const [key, field] of Object.entries(properties)) {
      if (field?.type === 'null' || out.has(key)) continue;
      out.set(key, typeof field?.title === 'string' && field.title ? field.title : key);
    }
  }
  return [...out].map(([key, title]) => ({ key, title }));
}

/** "Sensitive fields" of one form: which fields only some people see, and who. */
export function SensitiveFieldsPanel({ form, api }: { form: Form; api: PermissionsApi }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const label = usePrincipalLabel();
  const loaded = useAsync(() => api.fieldAccess(form.id), [api, form.id]);
  const [rules, setRules] = useState<FieldAccessRule[] | null>(null);
  const [field, setField] = useState('');
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | { error: string }>('idle');
  const fields = useMemo(() => fieldsOf(form), [form]);
  const loadedRules = loaded.status === 'ok' ? loaded.data : null;
  useEffect(() => {
    if (loadedRules) setRules(loadedRules);
  }, [loadedRules]);
  const titleOf = (key: string) => fields.find((f) => f.key === key)?.title ?? key;
  const free = fields.filter((f) => !rules?.some((r) => r.field === f.key));
  const name = formTitle(form, locale);
  const idBase = `sens-${form.id}`;

  const change = (next: FieldAccessRule[]) => {
    setRules(next);
    setStatus('idle');
  };
  const save = async () => {
    if (!rules) return;
    setStatus('saving');
    try {
      setRules(await api.saveFieldAccess(form.id, rules));
      setStatus('saved');
    } catch (err) {
      setStatus({ error: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <section className="fl-card fl-perm-form" aria-labelledby={`${idBase}-title`}>
      <h3 id={`${idBase}-title`}>{t('permissions.sensitive.formTitle', { name })}</h3>
      <p className="fl-perm-hint">{t('permissions.sensitive.hint')}</p>
      {loaded.status === 'loading' && <Loading />}
      {loaded.status === 'error' && <ErrorState error={loaded.error} onRetry={loaded.reload} />}
      {rules && (
        <>
          {rules.length === 0 ? (
            <p>{t('permissions.sensitive.none')}</p>
          ) : (
            <ul className="fl-perm-rules">
              {rules.map((rule, index) => (
                <li key={rule.field} className="fl-perm-rule">
                  <div className="fl-perm-rule__head">
                    <strong>{titleOf(rule.field)}</strong>
                    <button
                      type="button"
                      className="fl-btn fl-btn--ghost"
                      onClick={() => change(rules.filter((_, i) => i !== index))}
                      aria-label={t('permissions.sensitive.removeField', { field: titleOf(rule.field) })}
                    >
                      {t('permissions.sensitive.makePublic')}
                    </button>
                  </div>
                  <p className="fl-perm-hint">
                    {rule.visibleTo.length ? t('permissions.sensitive.seenBy') : t('permissions.sensitive.seenByNobody')}
                  </p>
                  <ul className="fl-chips" aria-label={t('permissions.sensitive.whoFor', { field: titleOf(rule.field) })}>
                    {rule.visibleTo.map((p) => (
                      <li key={p} className="fl-chip">
                        <span>{label(p)}</span>
                        <button
                          type="button"
                          className="fl-chip__remove"
                          aria-label={t('permissions.sets.remove', { who: label(p) })}
                          onClick={() =>
                            change(rules.map((r, i) => (i === index ? { ...r, visibleTo: r.visibleTo.filter((v) => v !== p) } : r)))
                          }
                        >
                          ×
                        </button>
                      </li>
                    ))}
                  </ul>
                  <PrincipalPicker
                    idPrefix={`${idBase}-${index}`}
                    exclude={rule.visibleTo}
                    addLabel={t('permissions.sensitive.addWho')}
                    onAdd={(p) => change(rules.map((r, i) => (i === index ? { ...r, visibleTo: [...r.visibleTo, p] } : r)))}
                  />
                </li>
              ))}
            </ul>
          )}
          <div className="fl-perm-add">
            <div className="fl-field">
              <label className="fl-label" htmlFor={`${idBase}-field`}>
                {t('permissions.sensitive.field')}
              </label>
              <select id={`${idBase}-field`} className="fl-input" value={field} onChange={(e) => setField(e.target.value)}>
                <option value="">{t('permissions.sensitive.chooseField')}</option>
                {free.map((f) => (
                  <option key={f.key} value={f.key}>
                    {f.title}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="fl-btn fl-btn--secondary fl-perm-add__button"
              disabled={!field}
              onClick={() => {
                change([...rules, { field, visibleTo: [] }]);
                setField('');
              }}
            >
              {t('permissions.sensitive.addField')}
            </button>
          </div>
          <div className="fl-perm-actions">
            <button type="button" className="fl-btn fl-btn--primary" onClick={save} disabled={status === 'saving'}>
              {t('permissions.sensitive.save')}
            </button>
            <span role="status" className="fl-perm-status">
              {status === 'saved' && t('permissions.saved')}
              {typeof status === 'object' && t('permissions.saveFailed', { message: status.error })}
            </span>
          </div>
        </>
      )}
    </section>
  );
}
