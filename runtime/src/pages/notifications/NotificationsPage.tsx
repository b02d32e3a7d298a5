/** /notifications: the user's notifications, urgent ones to acknowledge (placeholder until its work lands). */
export default function NotificationsPage() {
  return null;
}
