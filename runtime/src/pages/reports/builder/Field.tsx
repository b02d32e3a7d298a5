import { useId, type ReactNode } from 'react';

/**
 * A labelled control with `<label for>`: a select or input wrapped inside its label would have its
 * current value read as part of its name ("Group 1 Category"), so the label points at it instead.
 */
export function Field({ label, className, children }: { label: string; className?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={className ? `fl-field ${className}` : 'fl-field'}>
      <label className="fl-label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}
