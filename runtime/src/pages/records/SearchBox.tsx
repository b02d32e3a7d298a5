import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export const SEARCH_DELAY_MS = 300;

/** Full-text search: the query goes out once typing pauses, not on every key. */
export function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const sent = useRef(value);
  // A view chosen from the menu brings its own search text.
  useEffect(() => {
    sent.current = value;
    setText(value);
  }, [value]);
  useEffect(() => {
    if (text === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = text;
      onSearch(text);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, onSearch]);
  return (
    <div className="fl-search" role="search">
      <label className="fl-visually-hidden" htmlFor="fl-records-search">
        {t('records.search.label')}
      </label>
      <input
        id="fl-records-search"
        className="fl-input"
        type="search"
        value={text}
        placeholder={t('records.search.placeholder')}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          sent.current = text;
          onSearch(text);
        }}
      />
    </div>
  );
}
