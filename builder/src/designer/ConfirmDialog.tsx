import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';

/**
 * A modal question with two answers. Focus starts on the safe answer (cancel), stays inside while
 * open (Tab wraps), Escape cancels, and goes back where it was when the dialog closes.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // Before paint, so a keypress right after the dialog appears already lands in it.
  useLayoutEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    cancel.current?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="fl-dz-overlay">
      <div
        ref={box}
        className="fl-card fl-dz-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onCancel();
          } else if (e.key === 'Tab') {
            const buttons = [...(box.current?.querySelectorAll<HTMLElement>('button') ?? [])];
            const first = buttons[0];
            const last = buttons[buttons.length - 1];
            if (e.shiftKey && document.activeElement === first) {
              e.preventDefault();
              last?.focus();
            } else if (!e.shiftKey && document.activeElement === last) {
              e.preventDefault();
              first?.focus();
            }
          }
        }}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-body`} className="fl-dz-dialog__body">
          {children}
        </div>
        <div className="fl-dz-dialog__actions">
          <button ref={cancel} type="button" className="fl-btn fl-btn--secondary" onClick={onCancel}>
            {cancelLabel}
          </button>
          <button type="button" className="fl-btn fl-btn--primary" onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
