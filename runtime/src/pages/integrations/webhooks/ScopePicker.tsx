import { useEffect } from 'react';
import { useApi } from '../../../api/ApiContext.tsx';
import type { App, Form } from '../../../api/types.ts';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { formTitle } from '../../formTitle.ts';

export interface Scope {
  appId: string | null;
  formId: string | null;
}

/**
 * An app select and a form select (the forms of the chosen app), used by the list's filter and the
 * editor's scope. A form given without its app (a `?formId=` link) gets its app looked up.
 */
export function ScopePicker({
  scope,
  onChange,
  labels,
  idPrefix,
  formsLoaded,
}: {
  scope: Scope;
  onChange: (scope: Scope) => void;
  labels: { app: string; form: string; anyApp: string; anyForm: string };
  idPrefix: string;
  /** The forms of the chosen app, for callers that need the form's schema (the filter builder). */
  formsLoaded?: (forms: Form[]) => void;
}) {
  const api = useApi();
  const { locale } = useLocale();
  const apps = useAsync<App[]>(() => api.listApps(), [api]);
  const forms = useAsync<Form[]>(() => (scope.appId ? api.listForms(scope.appId) : Promise.resolve([])), [api, scope.appId]);

  const orphanFormId = scope.formId && !scope.appId ? scope.formId : null;
  useEffect(() => {
    if (!orphanFormId) return;
    let live = true;
    api.getForm(orphanFormId).then(
      (form) => live && onChange({ appId: form.appId, formId: form.id }),
      () => live && onChange({ appId: null, formId: null }),
    );
    return () => {
      live = false;
    };
  }, [api, orphanFormId, onChange]);

  const loadedForms = forms.status === 'ok' ? forms.data : null;
  useEffect(() => {
    if (loadedForms) formsLoaded?.(loadedForms);
  }, [loadedForms, formsLoaded]);

  return (
    <div className="fl-int-scope">
      <div className="fl-field">
        <label className="fl-label" htmlFor={`${idPrefix}-app`}>
          {labels.app}
        </label>
        <select
          id={`${idPrefix}-app`}
          className="fl-input"
          value={scope.appId ?? ''}
          disabled={apps.status !== 'ok'}
          onChange={(e) => onChange({ appId: e.target.value || null, formId: null })}
        >
          <option value="">{labels.anyApp}</option>
          {apps.status === 'ok' &&
            apps.data.map((app) => (
              <option key={app.id} value={app.id}>
                {app.name}
              </option>
            ))}
        </select>
      </div>
      <div className="fl-field">
        <label className="fl-label" htmlFor={`${idPrefix}-form`}>
          {labels.form}
        </label>
        <select
          id={`${idPrefix}-form`}
          className="fl-input"
          value={scope.formId ?? ''}
          disabled={!scope.appId || forms.status !== 'ok'}
          onChange={(e) => onChange({ appId: scope.appId, formId: e.target.value || null })}
        >
          <option value="">{labels.anyForm}</option>
          {loadedForms?.map((form) => (
            <option key={form.id} value={form.id}>
              {formTitle(form, locale)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
