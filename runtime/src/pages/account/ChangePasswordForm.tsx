import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, NetworkError } from '../../api/errors.ts';
import type { PasswordPolicyInfo, PasswordProblem, SecurityApi } from './securityApi.ts';

type Outcome = { kind: 'idle' | 'busy' } | { kind: 'done'; revoked: number } | { kind: 'error'; text: string; reasons: PasswordProblem[] };

/** The rules in words, as a list the person reads before typing. */
export function PolicyRules({ policy }: { policy: PasswordPolicyInfo }) {
  const { t } = useTranslation();
  const rules = [t('account.rules.minLength', { count: policy.minLength })];
  if (policy.requireLetters) rules.push(t('account.rules.letters'));
  if (policy.requireDigits) rules.push(t('account.rules.digits'));
  if (policy.refusePersonalInfo) rules.push(t('account.rules.personal'));
  if (policy.refuseCommon) rules.push(t('account.rules.common'));
  if (policy.historyCount > 0) rules.push(t('account.rules.history', { count: policy.historyCount }));
  return (
    <ul className="fl-account__rules" aria-label={t('account.rules.title')}>
      {rules.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}

export function ChangePasswordForm({ api, policy, onChanged }: { api: SecurityApi; policy: PasswordPolicyInfo; onChanged(): void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const mismatch = confirm.length > 0 && confirm !== next;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== confirm) return;
    setOutcome({ kind: 'busy' });
    try {
      const { revoked } = await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      setOutcome({ kind: 'done', revoked });
      onChanged();
    } catch (err) {
      setOutcome(errorOutcome(t, err));
    }
  };

  const error = outcome.kind === 'error' ? outcome : null;
  return (
    <form className="fl-account__form" onSubmit={submit} aria-label={t('account.password.title')}>
      <PolicyRules policy={policy} />
      <div className="fl-field">
        <label className="fl-label" htmlFor="account-current">
          {t('account.password.current')}
        </label>
        <input
          id="account-current"
          className="fl-input"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          required
        />
      </div>
      <div className="fl-field">
        <label className="fl-label" htmlFor="account-new">
          {t('account.password.new')}
        </label>
        <input
          id="account-new"
          className="fl-input"
          type="password"
          autoComplete="new-password"
          maxLength={200}
          value={next}
          aria-invalid={(error && error.reasons.length > 0) || undefined}
          aria-describedby={error ? 'account-password-error' : undefined}
          onChange={(e) => setNext(e.target.value)}
          required
        />
      </div>
      <div className="fl-field">
        <label className="fl-label" htmlFor="account-confirm">
          {t('account.password.confirm')}
        </label>
        <input
          id="account-confirm"
          className="fl-input"
          type="password"
          autoComplete="new-password"
          maxLength={200}
          value={confirm}
          aria-invalid={mismatch || undefined}
          onChange={(e) => setConfirm(e.target.value)}
          required
        />
        {mismatch && <span className="fl-account__hint">{t('account.password.mismatch')}</span>}
      </div>
      {error && (
        <div id="account-password-error" className="fl-alert fl-alert--error" role="alert">
          <p className="fl-account__alert-title">{error.text}</p>
          {error.reasons.length > 0 && (
            <ul>
              {error.reasons.map((r) => (
                <li key={r}>{t(`account.reasons.${r}`, { count: r === 'reused' ? policy.historyCount : policy.minLength })}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {outcome.kind === 'done' && (
        <p className="fl-alert fl-alert--info" role="status">
          {t('account.password.changed', { count: outcome.revoked })}
        </p>
      )}
      <button type="submit" className="fl-btn fl-btn--primary" disabled={outcome.kind === 'busy' || mismatch || !current || !next}>
        {t('account.password.submit')}
      </button>
    </form>
  );
}

function errorOutcome(t: TFunction, err: unknown): Outcome {
  if (err instanceof NetworkError) return { kind: 'error', text: t('account.errors.network'), reasons: [] };
  if (err instanceof ApiError) {
    if (err.code === 'password_too_weak') {
      const reasons = ((err.details as { reasons?: PasswordProblem[] } | undefined)?.reasons ?? []).slice();
      return { kind: 'error', text: t('account.errors.password_too_weak'), reasons };
    }
    if (err.code === 'too_many_attempts') {
      return {
        kind: 'error',
        text: t('account.errors.too_many_attempts', { minutes: Math.ceil((err.retryAfterSeconds ?? 60) / 60) }),
        reasons: [],
      };
    }
    if (['current_password_wrong', 'password_managed_elsewhere'].includes(err.code)) {
      return { kind: 'error', text: t(`account.errors.${err.code}`), reasons: [] };
    }
    return { kind: 'error', text: t('account.errors.other', { message: err.message }), reasons: [] };
  }
  return { kind: 'error', text: t('account.errors.other', { message: String(err) }), reasons: [] };
}
