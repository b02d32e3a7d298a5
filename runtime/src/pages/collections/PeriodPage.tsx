/** /f/:formId/periods/:periodKey: who responded, who did not, who was late; remind non-responders (placeholder until its work lands). */
export default function PeriodPage(_props: { formId: string; periodKey: string }) {
  return null;
}
