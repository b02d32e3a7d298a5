/**
 * Tells the header's bell that notifications changed elsewhere on the page (read on the notifications
 * page, acknowledged in the dialog), so its count follows at once instead of at the next poll.
 */
const target = new EventTarget();

export function announceNotificationsChanged(): void {
  target.dispatchEvent(new Event('changed'));
}

export function onNotificationsChanged(listener: () => void): () => void {
  target.addEventListener('changed', listener);
  return () => target.removeEventListener('changed', listener);
}
