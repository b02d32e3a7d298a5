/** Placeholder: filled in by the issue 8 work. */
export default function FormReportPage({ formId }: { formId: string }) {
  void formId;
  return <main className="page" />;
}
