import type { OutboxSync } from './outboxSync.ts';
import { SEND_TIMEOUT_MS } from './outboxSync.ts';
import type { OutboxEntry } from './outboxTypes.ts';
import { keepStorage } from './serviceWorker.ts';

/** How long a page waits for the server before keeping a submission on the device instead. */
export const SUBMIT_TIMEOUT_MS = SEND_TIMEOUT_MS / 2;

/** Whether older submissions still wait on this device: a new one joins the queue behind them instead of overtaking. */
export const hasQueueAhead = (entries: readonly OutboxEntry[], exceptId?: string): boolean =>
  entries.some((e) => e.status !== 'refused' && e.id !== exceptId);

/**
 * Into the outbox: a fix takes the place of the refused entry, anything else joins the end; then asks the browser
 * to keep the storage and starts sending. The entry, or null if the device could not store it.
 */
export async function saveToOutbox(
  outbox: OutboxSync,
  fixing: OutboxEntry | undefined,
  input: Parameters<OutboxSync['enqueue']>[0],
): Promise<OutboxEntry | null> {
  try {
    const entry = (fixing && (await outbox.replace(fixing.id, input))) || (await outbox.enqueue(input));
    keepStorage();
    void outbox.sync();
    return entry;
  } catch {
    return null; // storage blocked or full: the page reports the failure as it did before there was an outbox
  }
}
