import type { InputHTMLAttributes, ReactNode } from 'react';

/**
 * Labelled controls for the settings forms (directory, single sign-on, security, the connectors): one
 * markup for label, control, hint and problem, so every settings page reads and behaves alike and each
 * hint and problem is announced with its control.
 */
interface Frame {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'className'>;

const hintIdOf = (id: string, hint: ReactNode) => (hint ? `${id}-hint` : undefined);

function Hint({ id, hint }: { id: string; hint: ReactNode }) {
  return hint ? (
    <small id={hintIdOf(id, hint)} className="fl-field__hint">
      {hint}
    </small>
  ) : null;
}

/**
 * A text box. `code` is for values typed exactly (DNs, filters, attribute names, tokens); `action` sits
 * beside the box; `error` is the server's problem with the value, said under it.
 */
export function TextSetting({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  code = false,
  action,
  ...input
}: Frame &
  InputProps & { value: string; onChange: (value: string) => void; error?: string | undefined; code?: boolean; action?: ReactNode }) {
  const errorId = error ? `${id}-error` : undefined;
  const box = (
    <input
      id={id}
      className={`fl-input${code ? ' fl-input--code' : ''}`}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-invalid={error ? true : undefined}
      aria-describedby={[hintIdOf(id, hint), errorId].filter(Boolean).join(' ') || undefined}
      {...(code ? { spellCheck: false, autoCapitalize: 'off' } : {})}
      {...input}
    />
  );
  return (
    <div className="fl-field">
      <label className="fl-label" htmlFor={id}>
        {label}
      </label>
      {action ? (
        <div className="fl-field__row">
          {box}
          {action}
        </div>
      ) : (
        box
      )}
      <Hint id={id} hint={hint} />
      {error && (
        <p id={errorId} className="fl-field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * A stored secret (bind password, client secret): never shown, an empty box keeps the stored one, and
 * the hint says whether one is stored.
 */
export function SecretSetting({
  stored,
  texts,
  ...rest
}: Frame & { value: string; onChange: (value: string) => void; disabled?: boolean; stored: boolean } & {
  texts: { kept: string; stored: string; none: string };
}) {
  return (
    <TextSetting
      {...rest}
      type="password"
      autoComplete="new-password"
      placeholder={stored ? texts.kept : ''}
      hint={stored ? texts.stored : texts.none}
    />
  );
}

export function SelectSetting<V extends string>({
  id,
  label,
  hint,
  value,
  options,
  onChange,
}: Frame & { value: V; options: readonly (readonly [V, string])[]; onChange: (value: V) => void }) {
  return (
    <div className="fl-field">
      <label className="fl-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="fl-input"
        value={value}
        onChange={(e) => onChange(e.target.value as V)}
        aria-describedby={hintIdOf(id, hint)}
      >
        {options.map(([option, name]) => (
          <option key={option} value={option}>
            {name}
          </option>
        ))}
      </select>
      <Hint id={id} hint={hint} />
    </div>
  );
}

/** A checkbox with its label and, under the label, what ticking it does. */
export function CheckSetting({ id, label, hint, checked, onChange }: Frame & { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="fl-check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>
        <span>{label}</span>
        {hint && <small>{hint}</small>}
      </label>
    </div>
  );
}
