import type { ReactNode } from 'react';
import type { Form } from '../../../api/types.ts';

/** A report a form has besides its automatic one (health declarations, inventory, approvals). */
export interface SpecialReportTab {
  id: string;
  /** i18n key of the tab's label. */
  labelKey: string;
  render: () => ReactNode;
}

/** The special reports the form's published version qualifies for; none yet (placeholder). */
export function specialReportTabs(_form: Form): SpecialReportTab[] {
  return [];
}
