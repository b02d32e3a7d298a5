import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../api/records.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { dateTimeFormat, formatterFor } from '../submissionColumns.ts';
import { fieldAt } from './fieldAt.ts';

type JsonObject = Record<string, unknown>;

/** Who changed what and when, newest first, with the form's field names and values as the form shows them. */
export function HistoryTimeline({ entries, schema, uiSchema }: { entries: HistoryEntry[]; schema: JsonObject; uiSchema: JsonObject }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const when = dateTimeFormat(locale);
  const newestFirst = [...entries].sort((a, b) => b.revision - a.revision);
  return (
    <ol className="fl-history">
      {newestFirst.map((entry) => (
        <li key={entry.revision} className={`fl-history__entry fl-history__entry--${entry.action}`}>
          <p className="fl-history__head">
            <strong>{t(`records.history.${entry.action}`, { name: entry.byName ?? t('submissions.anonymous') })}</strong>{' '}
            <time dateTime={entry.at}>{when(entry.at)}</time>
          </p>
          {entry.action === 'updated' && (
            <ul className="fl-history__changes">
              {entry.changes.map((change) => {
                const field = fieldAt(schema, uiSchema, change.path, t);
                const format = formatterFor(field.schema, field.ui, t, locale);
                const show = (v: unknown) => format(v) || t('records.history.blank');
                return (
                  <li key={change.path}>
                    <span className="fl-history__field">{field.labels.join(' › ')}</span>{' '}
                    <span className="fl-history__before">{show(change.before)}</span>
                    <span aria-hidden="true"> → </span>
                    <span className="fl-visually-hidden">{t('records.history.to')}</span>
                    <span className="fl-history__after">{show(change.after)}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
