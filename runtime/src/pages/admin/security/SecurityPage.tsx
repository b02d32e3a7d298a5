import { useTranslation } from 'react-i18next';
import { AdminSections } from '../../../components/AdminSections.tsx';
/** Placeholder: filled in by the issue 9 work that owns it. */
export default function SecurityPage() {
  const { t } = useTranslation();
  return (
    <main className="fl-main">
      <AdminSections /><h1>{t('adminSections.security')}</h1>
    </main>
  );
}
