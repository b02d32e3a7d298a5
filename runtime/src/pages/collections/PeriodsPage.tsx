/** /f/:formId/periods: a scheduled form's periods with response counts (placeholder until its work lands). */
export default function PeriodsPage(_props: { formId: string }) {
  return null;
}
