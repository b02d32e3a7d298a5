import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

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

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

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
