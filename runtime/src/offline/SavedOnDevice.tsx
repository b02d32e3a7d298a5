import { useTranslation } from 'react-i18next';
import { Link } from '../router/Router.tsx';
import './offline.css';

/** What the fill page shows instead of "Thank you!" when the submission went into the outbox. */
export function SavedOnDevice({ formName, onAnother }: { formName: string; onAnother: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="fl-main fl-main--narrow">
      <div className="fl-card fl-done fl-saved" role="status">
        <div className="fl-done__icon fl-saved__icon" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="28" height="28">
            <rect x="6" y="2.5" width="12" height="19" rx="2.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
            <path d="M9 12.5l2 2 4-4.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </div>
        <h1>{t('offline.savedTitle')}</h1>
        <p>{t('offline.saved', { name: formName })}</p>
        <div className="fl-done__actions">
          <button type="button" className="fl-btn fl-btn--primary" onClick={onAnother}>
            {t('fill.submitAnother')}
          </button>
          <Link className="fl-btn fl-btn--secondary" to="/outbox">
            {t('offline.seeWaiting')}
          </Link>
        </div>
      </div>
    </main>
  );
}
