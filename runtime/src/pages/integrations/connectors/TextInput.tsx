/** A labelled text input of the connector screens, with its hint and the server's problem under it. */
export function TextInput({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  secret = false,
  placeholder,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  secret?: boolean;
  placeholder?: string;
}) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="fl-field">
      <label className="fl-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="fl-input"
        type={secret ? 'password' : 'text'}
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <p id={`${id}-hint`} className="fl-help">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="fl-int-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
