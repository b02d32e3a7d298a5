/**
 * Publishing freezes the draft's flow into the version; an unfinished flow is not saved yet, so
 * Publish waits until it is complete and says why.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFlowIssues } from './useFlowIssues.ts';

export function PublishGuard({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const issues = useFlowIssues();
  if (issues.size === 0) return <>{children}</>;
  return (
    <button
      type="button"
      className="fl-btn fl-btn--primary fl-dz-toolbar__btn"
      disabled
      title={t('designer.flow.publishBlocked')}
      data-testid="publish-blocked"
    >
      {t('designer.toolbar.publish')}
    </button>
  );
}
