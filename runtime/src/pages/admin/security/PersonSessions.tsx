import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiContext.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { securityApiOf } from '../../account/securityApi.ts';

/** In the people editor: how many sessions a person has, and "Sign out everywhere" (ends them all). */
export function PersonSessions({ userId, name }: { userId: string; name: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const security = useMemo(() => securityApiOf(api), [api]);
  const sessions = useAsync(() => security.userSessions(userId), [security, userId]);
  const [state, setState] = useState<{ kind: 'idle' | 'busy' } | { kind: 'done'; revoked: number } | { kind: 'error'; text: string }>({
    kind: 'idle',
  });
  const count = sessions.status === 'ok' ? sessions.data.length : null;

  const signOut = async () => {
    setState({ kind: 'busy' });
    try {
      const { revoked } = await security.signOutEverywhere(userId);
      setState({ kind: 'done', revoked });
      sessions.reload();
    } catch (err) {
      setState({ kind: 'error', text: t('account.errors.other', { message: err instanceof Error ? err.message : String(err) }) });
    }
  };

  return (
    <div className="fl-org-form fl-person-sessions" aria-label={t('security.people.title')} role="group">
      <div className="fl-org-form__add">
        <p className="fl-org__muted" style={{ margin: 0, flex: 1 }}>
          {count === null ? t('security.people.loading') : t('security.people.count', { count })}
        </p>
        <button type="button" className="fl-btn fl-btn--secondary" disabled={state.kind === 'busy' || count === 0} onClick={signOut}>
          {t('security.people.signOutEverywhere')}
        </button>
      </div>
      {state.kind === 'done' && (
        <p className="fl-alert fl-alert--info" role="status">
          {t('security.people.done', { count: state.revoked, name })}
        </p>
      )}
      {state.kind === 'error' && (
        <p className="fl-alert fl-alert--error" role="alert">
          {state.text}
        </p>
      )}
    </div>
  );
}
