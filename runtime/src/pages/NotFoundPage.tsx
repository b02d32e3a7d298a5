import { useTranslation } from 'react-i18next';
import { Link } from '../router/Router.tsx';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <main className="fl-main fl-main--narrow">
      <div className="fl-state fl-card">
        <h2>{t('errors.pageNotFoundTitle')}</h2>
        <p>{t('errors.pageNotFound')}</p>
        <Link className="fl-btn fl-btn--secondary" to="/">
          {t('errors.goHome')}
        </Link>
      </div>
    </main>
  );
}
