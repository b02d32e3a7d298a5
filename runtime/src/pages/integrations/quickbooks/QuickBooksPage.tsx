/** PLACEHOLDER (connector screens helper): /integrations/quickbooks — OAuth connection, company, vendor/account/item mappings. */
export default function QuickBooksPage() {
  return <main className="fl-page" />;
}
