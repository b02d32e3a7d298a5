/** Placeholder: filled in by the issue 8 work. */
export default function ReportBuilderPage({ reportId }: { reportId: string | null }) {
  void reportId;
  return <main className="page" />;
}
