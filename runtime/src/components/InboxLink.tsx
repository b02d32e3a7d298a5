/** The header's link to the inbox with the count of tasks to do (placeholder until the inbox work lands). */
export function InboxLink() {
  return null;
}
