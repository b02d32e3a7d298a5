/**
 * The property panel's inputs. Text is kept locally while typing and committed after a short pause,
 * on blur and on Enter: the canvas follows along, each pause is one undo step, and an undo from
 * elsewhere replaces what the input shows.
 */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Localized } from '@formloom/schemas';

export const COMMIT_DELAY_MS = 400;

/** Local text that follows `value` when it changes from outside, and hands edits to `commit`. */
function useDraft(value: string, commit: (next: string) => void, delay: number | null) {
  const [draft, setDraft] = useState(value);
  const committed = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<string | null>(null);
  const commitRef = useRef(commit);
  commitRef.current = commit;

  // An undo, or another control, changed the value: show it (unless it is our own commit coming back).
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (value !== committed.current) {
      committed.current = value;
      setDraft(value);
    }
  }

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const next = pending.current;
    pending.current = null;
    if (next !== null && next !== committed.current) {
      committed.current = next;
      commitRef.current(next);
    }
  }, []);

  const change = useCallback(
    (next: string) => {
      setDraft(next);
      pending.current = next;
      if (delay === null) return;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(flush, delay);
    },
    [delay, flush],
  );

  useEffect(() => flush, [flush]); // a pending edit is not lost when the field is deselected
  return { draft, change, flush };
}

interface Labelled {
  label: string;
  hint?: ReactNode;
  error?: string | null;
}

function Help({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | null }) {
  return (
    <>
      {error ? (
        <p id={`${id}-error`} className="fl-dz-prop__error" role="alert">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={`${id}-hint`} className="fl-dz-prop__hint">
          {hint}
        </p>
      ) : null}
    </>
  );
}

const describedBy = (id: string, hint: unknown, error: unknown) =>
  [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;

export function TextField({
  label,
  hint,
  error,
  value,
  onCommit,
  multiline,
  lang,
  mono,
  placeholder,
  validate,
  commitDelay = COMMIT_DELAY_MS,
}: Labelled & {
  value: string;
  onCommit: (value: string) => void;
  multiline?: boolean;
  lang?: string;
  mono?: boolean;
  placeholder?: string;
  /** A problem with the text as typed: shown at once, and the text is not committed. */
  validate?: (text: string) => string | null;
  /** null: only on blur and Enter (for values that are checked as a whole, such as a key). */
  commitDelay?: number | null;
}) {
  const id = useId();
  const { draft, change, flush } = useDraft(value, (text) => !validate?.(text) && onCommit(text), commitDelay);
  error = (validate && draft !== value ? validate(draft) : null) ?? error;
  const common = {
    id,
    className: `fl-input fl-dz-prop__input${mono ? ' is-mono' : ''}`,
    value: draft,
    lang,
    placeholder,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, hint, error),
    onBlur: flush,
  };
  return (
    <div className="fl-dz-prop">
      <label htmlFor={id} className="fl-dz-prop__label">
        {label}
      </label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => change(e.target.value)} />
      ) : (
        <input
          {...common}
          type="text"
          onChange={(e) => change(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') flush();
          }}
        />
      )}
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

/** English and Traditional Chinese side by side, as one group named by `label`. */
export function LocalizedField({
  label,
  hint,
  value,
  onCommit,
  multiline,
}: Labelled & { value: Localized | undefined; onCommit: (value: Localized) => void; multiline?: boolean }) {
  const { t } = useTranslation();
  const current = value ?? { en: '', 'zh-Hant': '' };
  const ref = useRef(current);
  ref.current = current;
  return (
    <fieldset className="fl-dz-prop fl-dz-prop--group">
      <legend className="fl-dz-prop__label">{label}</legend>
      <TextField
        label={t('designer.props.inEnglish', { label })}
        value={current.en}
        lang="en"
        multiline={multiline}
        onCommit={(en) => onCommit({ ...ref.current, en })}
      />
      <TextField
        label={t('designer.props.inChinese', { label })}
        value={current['zh-Hant']}
        lang="zh-Hant-HK"
        multiline={multiline}
        onCommit={(zh) => onCommit({ ...ref.current, 'zh-Hant': zh })}
      />
      {hint ? <p className="fl-dz-prop__hint">{hint}</p> : null}
    </fieldset>
  );
}

/** A number or nothing; what is not a number is shown as an error and not committed. */
export function NumberField({
  label,
  hint,
  error,
  value,
  onCommit,
  integer,
}: Labelled & { value: number | undefined; onCommit: (value: number | undefined) => void; integer?: boolean }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const commit = (text: string) => {
    const trimmed = text.trim();
    if (trimmed === '') {
      setProblem(null);
      onCommit(undefined);
      return;
    }
    const n = Number(trimmed);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      setProblem(t(integer ? 'designer.props.wholeNumberNeeded' : 'designer.props.numberNeeded'));
      return;
    }
    setProblem(null);
    onCommit(n);
  };
  return (
    <TextField
      label={label}
      hint={hint}
      error={problem ?? error}
      value={value === undefined ? '' : String(value)}
      onCommit={commit}
      commitDelay={null}
    />
  );
}

export function CheckField({
  label,
  hint,
  checked,
  onChange,
}: {
  label: string;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="fl-dz-prop fl-dz-prop--check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="fl-dz-prop__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField<V extends string>({
  label,
  hint,
  error,
  value,
  options,
  onChange,
}: Labelled & { value: V; options: { value: V; label: string }[]; onChange: (value: V) => void }) {
  const id = useId();
  return (
    <div className="fl-dz-prop">
      <label htmlFor={id} className="fl-dz-prop__label">
        {label}
      </label>
      <select
        id={id}
        className="fl-input fl-dz-prop__input"
        value={value}
        onChange={(e) => onChange(e.target.value as V)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="fl-dz-props__section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}
