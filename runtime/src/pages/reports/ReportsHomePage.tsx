/** Placeholder: filled in by the issue 8 work. */
export default function ReportsHomePage() {
  return <main className="page" />;
}
