import type { DashboardShare } from '@formloom/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AudienceEditor } from './AudienceEditor.tsx';

/**
 * Who else sees the dashboard: roles, departments, positions, people. They see its figures as the
 * owner computes them (sharing a dashboard shares its numbers), so the panel says so before saving.
 */
export function SharePanel({
  shares,
  busy,
  onSave,
  onClose,
}: {
  shares: DashboardShare[];
  busy: boolean;
  onSave: (shares: DashboardShare[]) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(shares);
  return (
    <form
      className="fl-card fl-rb-dialog"
      aria-label={t('dashboards.share.title')}
      onSubmit={(e) => {
        e.preventDefault();
        onSave(draft);
      }}
    >
      <h2>{t('dashboards.share.title')}</h2>
      <p className="fl-rb-hint">{t('dashboards.share.intro')}</p>
      <AudienceEditor legend={t('dashboards.share.with')} idPrefix="share" value={draft} onChange={setDraft} />
      <div className="fl-rb-dialog__actions">
        <button type="button" className="fl-btn fl-btn--ghost" onClick={onClose}>
          {t('dashboards.cancel')}
        </button>
        <button type="submit" className="fl-btn fl-btn--primary" disabled={busy}>
          {t('dashboards.share.save')}
        </button>
      </div>
    </form>
  );
}
