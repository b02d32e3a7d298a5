/** The header's bell: unread count, and urgent reminders that must be acknowledged (placeholder). */
export function NotificationBell() {
  return null;
}
