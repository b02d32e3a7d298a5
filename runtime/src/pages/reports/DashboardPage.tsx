/** Placeholder: filled in by the issue 8 work. */
export default function DashboardPage({ dashboardId }: { dashboardId: string }) {
  void dashboardId;
  return <main className="page" />;
}
