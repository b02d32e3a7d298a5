/** The header's link to the organization admin page, for admins (placeholder). */
export function AdminLink() {
  return null;
}
