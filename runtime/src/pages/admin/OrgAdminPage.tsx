/** /admin/org: departments, people, managers, positions and the CSV import (admins) (placeholder until its work lands). */
export default function OrgAdminPage() {
  return null;
}
