import { useCallback, useId, useRef, useState, type ReactNode } from 'react';
import { useDismiss } from '../../components/useDismiss.ts';

/**
 * A button that opens a panel under it (the column chooser, the filter editor). Escape or a click
 * elsewhere closes it and gives focus back to the button; on phones the panel takes the screen's width.
 */
export function Popover({
  label,
  badge,
  children,
  className,
}: {
  label: string;
  /** A count shown on the button (active filters), with the words a screen reader says for it. */
  badge?: { count: number; label: string };
  children: (close: () => void) => ReactNode;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const hide = useCallback(() => setOpen(false), []);
  useDismiss(open, hide, rootRef, buttonRef);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  return (
    <div className={`fl-pop ${className ?? ''}`} ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="fl-btn fl-btn--secondary"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
        {badge && badge.count > 0 ? (
          <>
            <span className="fl-pop__badge" aria-hidden="true">
              {badge.count}
            </span>
            <span className="fl-visually-hidden">{badge.label}</span>
          </>
        ) : null}
      </button>
      {open && (
        <div className="fl-pop__panel fl-card" id={id} role="group" aria-label={label}>
          {children(close)}
        </div>
      )}
    </div>
  );
}
