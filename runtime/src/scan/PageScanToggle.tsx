import { useTranslation } from 'react-i18next';
import { usePageScanMode } from './pageScan.ts';

/** The page-wide scan mode switch (remembered on this device). */
export function PageScanToggle({ className = '' }: { className?: string }) {
  const { t } = useTranslation();
  const [on, setOn] = usePageScanMode();
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      className={`fl-scan-mode ${on ? 'fl-scan-mode--on' : ''} ${className}`}
      onClick={() => setOn(!on)}
      title={t('scan.pageModeHelp')}
    >
      <span className="fl-scan-mode__track" aria-hidden="true">
        <span className="fl-scan-mode__knob" />
      </span>
      <span>{t('scan.pageMode')}</span>
    </button>
  );
}
