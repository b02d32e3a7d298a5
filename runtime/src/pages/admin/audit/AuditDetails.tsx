import { useTranslation } from 'react-i18next';
import type { AuditEntry } from './auditApi.ts';

type Json = unknown;
interface Grant {
  principal: string;
  permissions: string[];
}

const isGrantList = (v: Json): v is Grant[] =>
  Array.isArray(v) && v.every((g) => typeof g === 'object' && g !== null && typeof (g as Grant).principal === 'string');

/** Who gained and who lost which permission, from a grants change's before and after lists. */
function grantChanges(before: Grant[], after: Grant[]) {
  const byPrincipal = (list: Grant[]) => new Map(list.map((g) => [g.principal, new Set(g.permissions ?? [])]));
  const was = byPrincipal(before);
  const now = byPrincipal(after);
  const principals = [...new Set([...was.keys(), ...now.keys()])];
  return principals
    .map((principal) => {
      const a = was.get(principal) ?? new Set<string>();
      const b = now.get(principal) ?? new Set<string>();
      return { principal, added: [...b].filter((p) => !a.has(p)), removed: [...a].filter((p) => !b.has(p)) };
    })
    .filter((c) => c.added.length > 0 || c.removed.length > 0);
}

/** A value in words: text as it is, lists joined, a bilingual title in the reader's language; anything else as compact JSON. */
function useText() {
  const { t, i18n } = useTranslation();
  const text = (value: Json): string => {
    if (value === null || value === undefined) return '—';
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object'))
      return value.length ? value.map(text).join(', ') : '—';
    if (typeof value === 'object' && value !== null && 'en' in value) {
      const titles = value as Record<string, string>;
      return titles[i18n.language] ?? titles.en ?? '';
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const entries = Object.entries(value as Record<string, Json>).filter(([, v]) => v !== undefined && v !== null && v !== '');
      return entries.length ? entries.map(([k, v]) => `${t(`audit.detailKeys.${k}`, { defaultValue: k })}: ${text(v)}`).join('; ') : '—';
    }
    return JSON.stringify(value);
  };
  return text;
}

/** An entry's details as labelled lines, with a grants change shown as what was added and removed. */
export function AuditDetails({ entry, nameOf }: { entry: AuditEntry; nameOf: (userId: string) => string | undefined }) {
  const { t } = useTranslation();
  const text = useText();
  const { details } = entry;
  const principal = (p: string) => {
    if (p === '*') return t('audit.principals.everyone');
    const colon = p.indexOf(':');
    const kind = colon < 0 ? 'user' : p.slice(0, colon);
    const rest = p.slice(colon + 1);
    if (kind === 'role') return t('audit.principals.role', { role: rest });
    if (kind === 'department') return t('audit.principals.department', { id: rest });
    if (kind === 'position') return t('audit.principals.position', { name: rest });
    return nameOf(p) ?? p;
  };
  if (entry.action === 'app.grants_changed' && isGrantList(details.before) && isGrantList(details.after)) {
    const changes = grantChanges(details.before, details.after);
    if (changes.length === 0) return <span className="fl-audit__muted">{t('audit.details.noChange')}</span>;
    return (
      <ul className="fl-audit__details">
        {changes.map((c) => (
          <li key={c.principal}>
            <span className="fl-audit__key">{principal(c.principal)}</span>{' '}
            {c.added.length > 0 && (
              <span className="fl-audit__added">+ {c.added.map((p) => t(`audit.permissions.${p}`, { defaultValue: p })).join(', ')}</span>
            )}{' '}
            {c.removed.length > 0 && (
              <span className="fl-audit__removed">
                − {c.removed.map((p) => t(`audit.permissions.${p}`, { defaultValue: p })).join(', ')}
              </span>
            )}
          </li>
        ))}
      </ul>
    );
  }
  const shown = Object.entries(details).filter(
    ([k, v]) =>
      v !== undefined &&
      v !== null &&
      v !== '' &&
      !(Array.isArray(v) && v.length === 0) &&
      // The form's name says which form; its id is in the export.
      !(k === 'formId' && typeof details.formName === 'string'),
  );
  if (shown.length === 0) return <span className="fl-audit__muted">—</span>;
  return (
    <dl className="fl-audit__details">
      {shown.map(([key, value]) => (
        <div key={key}>
          <dt className="fl-audit__key">{t(`audit.detailKeys.${key}`, { defaultValue: key })}</dt>
          <dd>{text(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
