import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ScopePicker, type Scope } from '../webhooks/ScopePicker.tsx';

/** Pick the form a new mapping is for: its app, then the form (the webhooks' app/form picker). */
export function FormChooser({ scope, onScope, idPrefix }: { scope: Scope; onScope: (scope: Scope) => void; idPrefix: string }) {
  const { t } = useTranslation();
  const onChange = useCallback((next: Scope) => onScope(next), [onScope]);
  return (
    <ScopePicker
      scope={scope}
      onChange={onChange}
      idPrefix={idPrefix}
      labels={{
        app: t('connectors.form.app'),
        form: t('connectors.form.form'),
        anyApp: t('connectors.form.chooseApp'),
        anyForm: t('connectors.form.chooseForm'),
      }}
    />
  );
}
