import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A destructive action asked twice: the button, then a question with Yes / Cancel in place. */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [stage, setStage] = useState<'idle' | 'asking' | 'busy'>('idle');
  if (stage === 'idle') {
    return (
      <button type="button" className="fl-btn fl-btn--ghost fl-conn-danger" onClick={() => setStage('asking')}>
        {label}
      </button>
    );
  }
  return (
    <div className="fl-alert fl-alert--warning fl-conn-confirm" role="alertdialog" aria-label={question}>
      <p>{question}</p>
      <div className="fl-int-actions fl-alert__actions">
        <button
          type="button"
          className="fl-btn fl-btn--primary fl-conn-danger-fill"
          disabled={stage === 'busy'}
          onClick={async () => {
            setStage('busy');
            try {
              await onConfirm();
            } finally {
              setStage('idle');
            }
          }}
        >
          {confirmLabel}
        </button>
        <button type="button" className="fl-btn fl-btn--secondary" disabled={stage === 'busy'} onClick={() => setStage('idle')}>
          {t('connectors.cancel')}
        </button>
      </div>
    </div>
  );
}
