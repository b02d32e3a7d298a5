/** PLACEHOLDER (connector screens helper): on /r/:id, what Shopify/QuickBooks made of the record (ids, links, failures, retry). */
export function RecordIntegrationsPanel({ submissionId }: { submissionId: string }) {
  void submissionId;
  return null;
}
