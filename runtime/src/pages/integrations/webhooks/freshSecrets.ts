/**
 * The secret of a webhook just created, handed from the "new" page to the webhook's own page (a new
 * route, so a new component) and taken once: reloading that page shows it no more, as the API does.
 */
const fresh = new Map<string, string>();

export const rememberFreshSecret = (webhookId: string, secret: string) => void fresh.set(webhookId, secret);

export function takeFreshSecret(webhookId: string): string | null {
  const secret = fresh.get(webhookId) ?? null;
  fresh.delete(webhookId);
  return secret;
}
