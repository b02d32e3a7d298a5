import type { ReactNode } from 'react';
import type { Form } from '../../../api/types.ts';
import { ApprovalsTab } from './ApprovalsTab.tsx';
import { HealthTab } from './HealthTab.tsx';
import { InventoryTab } from './InventoryTab.tsx';

/** A report a form has besides its automatic one (health declarations, inventory, approvals). */
export interface SpecialReportTab {
  id: string;
  /** i18n key of the tab's label. */
  labelKey: string;
  render: () => ReactNode;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The special reports the form's published version qualifies for, by the same settings the server
 * checks (services/specialReports): ui:options.healthReport, ui:options.stockLedger, an approval flow.
 * The server still decides: a tab whose report is not available shows its error.
 */
export function specialReportTabs(form: Form): SpecialReportTab[] {
  const published = form.published;
  if (!published) return [];
  const options = isObject(published.uiSchema['ui:options']) ? published.uiSchema['ui:options'] : {};
  const tabs: SpecialReportTab[] = [];
  if (isObject(options.healthReport)) {
    tabs.push({ id: 'health', labelKey: 'specialReports.tabs.health', render: () => <HealthTab formId={form.id} /> });
  }
  if (isObject(options.stockLedger)) {
    tabs.push({ id: 'inventory', labelKey: 'specialReports.tabs.inventory', render: () => <InventoryTab formId={form.id} /> });
  }
  if (published.workflow) {
    tabs.push({ id: 'approvals', labelKey: 'specialReports.tabs.approvals', render: () => <ApprovalsTab formId={form.id} /> });
  }
  return tabs;
}
