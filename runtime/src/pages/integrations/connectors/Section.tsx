import type { ReactNode } from 'react';

/** One titled group of a connector screen (the integrations section's card look). */
export function Section({
  id,
  title,
  hint,
  children,
  actions,
}: {
  id: string;
  title: string;
  hint?: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="fl-int-section fl-conn-section" aria-labelledby={id}>
      <div className="fl-conn-section__head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {hint && <p className="fl-int-muted fl-int-section__hint">{hint}</p>}
      {children}
    </section>
  );
}
