import { useTranslation } from 'react-i18next';
import { FieldPicker } from '../connectors/FieldPicker.tsx';
import { leafFields, TEXTUAL, type FieldKind, type FormField } from '../connectors/formFields.ts';
import { errorAt, type MappingErrors } from '../connectors/mappingErrors.ts';
import { Section } from '../connectors/Section.tsx';
import { TextSetting } from '../../../components/SettingFields.tsx';
import type { ShopifyDraft } from './shopifyDraft.ts';
import { VariantFinder } from './VariantFinder.tsx';

/** Mapping paths the order settings show problems for (anything else is listed above the form). */
export const SHOWN_ORDER_PATHS = ['trigger', 'customer', 'lineItems', 'shippingAddress', 'note', 'tags'];

/** Fields in sections are stored as `section.field`, the way the Shopify mapping names them. */
const dotted = (f: FormField) => f.path.join('.');
const TEXT_OR_NUMBER: FieldKind[] = [...TEXTUAL, 'number'];

/** Customer, line items, shipping address, note and tags of a draft order / order mapping. */
export function ShopifyOrderFields({
  draft,
  change,
  fields,
  errors,
}: {
  draft: ShopifyDraft;
  change: (patch: Partial<ShopifyDraft>) => void;
  fields: FormField[];
  errors: MappingErrors;
}) {
  const { t } = useTranslation();
  const err = (path: string) => errorAt(errors, path);
  const flat = leafFields(fields);
  const table = fields.find((f) => f.kind === 'subtable' && f.name === draft.table);
  // Line columns: the sub-table's, or the form's own fields when the form is one line.
  const lineFields = table ? table.children : flat;
  const lineKey = table ? (f: FormField) => f.name : dotted;

  const pick = (
    id: string,
    key: keyof ShopifyDraft,
    label: string,
    kinds: readonly FieldKind[],
    options: { optional?: boolean; hint?: string; path: string; line?: boolean },
  ) => (
    <FieldPicker
      id={id}
      label={label}
      fields={options.line ? lineFields : flat}
      kinds={kinds}
      storedAs={options.line ? lineKey : dotted}
      optional={options.optional ?? true}
      hint={options.hint}
      value={draft[key] as string | undefined}
      onChange={(value) => change({ [key]: value } as Partial<ShopifyDraft>)}
      error={err(options.path)}
    />
  );

  return (
    <>
      <Section id="shopify-customer-section" title={t('shopify.editor.customer')} hint={t('shopify.editor.customerHint')}>
        {pick('shopify-email', 'email', t('shopify.editor.email'), TEXTUAL, { path: 'customer/email' })}
        <div className="fl-int-radios fl-conn-inline-radios">
          {(['full', 'parts'] as const).map((mode) => (
            <label key={mode} className="fl-int-check">
              <input type="radio" name="shopify-name-mode" checked={draft.nameMode === mode} onChange={() => change({ nameMode: mode })} />
              <span>{t(`shopify.editor.nameMode.${mode}`)}</span>
            </label>
          ))}
        </div>
        {draft.nameMode === 'full' ? (
          pick('shopify-full-name', 'fullName', t('shopify.editor.fullName'), TEXTUAL, { path: 'customer/fullName' })
        ) : (
          <div className="fl-conn-grid">
            {pick('shopify-first-name', 'firstName', t('shopify.editor.firstName'), TEXTUAL, { path: 'customer/firstName' })}
            {pick('shopify-last-name', 'lastName', t('shopify.editor.lastName'), TEXTUAL, { path: 'customer/lastName' })}
          </div>
        )}
        {pick('shopify-phone', 'phone', t('shopify.editor.phone'), TEXTUAL, { path: 'customer/phone' })}
      </Section>

      <Section id="shopify-lines-section" title={t('shopify.editor.lines')} hint={t('shopify.editor.linesHint')}>
        <FieldPicker
          id="shopify-table"
          label={t('shopify.editor.table')}
          fields={fields}
          kinds={['subtable']}
          optional
          value={draft.table}
          onChange={(value) =>
            change({ table: value, variantId: undefined, title: undefined, price: undefined, sku: undefined, quantity: undefined })
          }
          hint={t('shopify.editor.tableHint')}
          error={err('lineItems/table')}
        />
        <div className="fl-int-radios fl-conn-inline-radios">
          {(['custom', 'variant'] as const).map((mode) => (
            <label key={mode} className="fl-int-check">
              <input type="radio" name="shopify-line-mode" checked={draft.lineMode === mode} onChange={() => change({ lineMode: mode })} />
              <span>{t(`shopify.editor.lineMode.${mode}`)}</span>
            </label>
          ))}
        </div>
        <div className="fl-conn-grid">
          {draft.lineMode === 'variant' ? (
            pick('shopify-variant', 'variantId', t('shopify.editor.variantId'), TEXTUAL, {
              optional: false,
              hint: t('shopify.editor.variantIdHint'),
              path: 'lineItems/variantId',
              line: true,
            })
          ) : (
            <>
              {pick('shopify-title', 'title', t('shopify.editor.lineTitle'), TEXTUAL, {
                optional: false,
                path: 'lineItems/title',
                line: true,
              })}
              {pick('shopify-price', 'price', t('shopify.editor.price'), ['number'], {
                optional: false,
                hint: t('shopify.editor.priceHint'),
                path: 'lineItems/price',
                line: true,
              })}
            </>
          )}
          {pick('shopify-quantity', 'quantity', t('shopify.editor.quantity'), ['number'], {
            hint: t('shopify.editor.quantityHint'),
            path: 'lineItems/quantity',
            line: true,
          })}
          {pick('shopify-sku', 'sku', t('shopify.editor.sku'), TEXT_OR_NUMBER, { path: 'lineItems/sku', line: true })}
        </div>
        {draft.lineMode === 'variant' && <VariantFinder show="variant" />}
      </Section>

      <Section id="shopify-address-section" title={t('shopify.editor.address')}>
        <label className="fl-int-check">
          <input type="checkbox" checked={draft.shipTo} onChange={(e) => change({ shipTo: e.target.checked })} />
          <span>{t('shopify.editor.shipTo')}</span>
        </label>
        {draft.shipTo && (
          <>
            <div className="fl-conn-grid">
              {pick('shopify-address1', 'address1', t('shopify.editor.address1'), TEXTUAL, { path: 'shippingAddress/address1' })}
              {pick('shopify-address2', 'address2', t('shopify.editor.address2'), TEXTUAL, { path: 'shippingAddress/address2' })}
              {pick('shopify-city', 'city', t('shopify.editor.city'), TEXTUAL, { path: 'shippingAddress/city' })}
              {pick('shopify-province', 'provinceCode', t('shopify.editor.province'), TEXTUAL, { path: 'shippingAddress/provinceCode' })}
              {pick('shopify-zip', 'zip', t('shopify.editor.zip'), TEXT_OR_NUMBER, { path: 'shippingAddress/zip' })}
              {pick('shopify-address-phone', 'addressPhone', t('shopify.editor.addressPhone'), TEXTUAL, { path: 'shippingAddress/phone' })}
            </div>
            <fieldset className="fl-conn-choice">
              <legend className="fl-label">{t('shopify.editor.country')}</legend>
              <div className="fl-int-radios fl-conn-inline-radios">
                {(['fixed', 'field'] as const).map((mode) => (
                  <label key={mode} className="fl-int-check">
                    <input
                      type="radio"
                      name="shopify-country-mode"
                      checked={draft.countryMode === mode}
                      onChange={() => change({ countryMode: mode })}
                    />
                    <span>{t(`shopify.editor.countryMode.${mode}`)}</span>
                  </label>
                ))}
              </div>
              {draft.countryMode === 'fixed' ? (
                <TextSetting
                  spellCheck={false}
                  autoComplete="off"
                  id="shopify-country"
                  label={t('shopify.editor.countryCode')}
                  value={draft.countryCode}
                  onChange={(countryCode) => change({ countryCode })}
                  hint={t('shopify.editor.countryCodeHint')}
                  error={err('shippingAddress/countryCode')}
                />
              ) : (
                pick('shopify-country-field', 'countryCodeField', t('shopify.editor.countryCodeField'), TEXTUAL, {
                  optional: false,
                  path: 'shippingAddress/countryCodeField',
                })
              )}
            </fieldset>
          </>
        )}
      </Section>

      <Section id="shopify-note-section" title={t('shopify.editor.noteAndTags')} hint={t('shopify.editor.tagsHint')}>
        {pick('shopify-note', 'note', t('shopify.editor.note'), TEXTUAL, { path: 'note' })}
        <div className="fl-conn-grid">
          <TextSetting
            spellCheck={false}
            autoComplete="off"
            id="shopify-tags"
            label={t('shopify.editor.fixedTags')}
            value={draft.fixedTags}
            onChange={(fixedTags) => change({ fixedTags })}
            placeholder={t('shopify.editor.fixedTagsPlaceholder')}
            error={err('tags/fixed')}
          />
          {pick('shopify-tags-field', 'tagsField', t('shopify.editor.tagsField'), TEXTUAL, { path: 'tags/field' })}
        </div>
      </Section>
    </>
  );
}
