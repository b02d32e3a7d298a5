/** PLACEHOLDER (webhooks UI helper): /integrations/webhooks/new and /integrations/webhooks/:webhookId (edit, preview, delivery log, replay). */
export default function WebhookPage({ webhookId }: { webhookId: string | null }) {
  return <main className="fl-page" data-webhook={webhookId ?? 'new'} />;
}
