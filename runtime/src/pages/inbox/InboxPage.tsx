/** /inbox: to do, done, submitted by me, CC'd to me, with counts (placeholder until its work lands). */
export default function InboxPage() {
  return null;
}
