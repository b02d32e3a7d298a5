/** PLACEHOLDER (connector screens helper): /integrations/shopify — connection and form mappings. */
export default function ShopifyPage() {
  return <main className="fl-page" />;
}
