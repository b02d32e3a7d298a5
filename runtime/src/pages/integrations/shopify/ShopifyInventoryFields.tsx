import { SHOPIFY_ADJUST_REASONS } from '@formloom/plugin-shopify/shared';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiContext.tsx';
import type { Form } from '../../../api/types.ts';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { FieldPicker } from '../connectors/FieldPicker.tsx';
import { formFieldsOf, TEXTUAL } from '../connectors/formFields.ts';
import { errorAt, type MappingErrors } from '../connectors/mappingErrors.ts';
import { RefPicker } from '../connectors/RefPicker.tsx';
import { Section } from '../connectors/Section.tsx';
import { useRequiredConnectorsApi } from '../connectors/useConnectorsApi.ts';
import type { ShopifyDraft } from './shopifyDraft.ts';
import { VariantFinder } from './VariantFinder.tsx';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A movement form's stock ledger (ui:options.stockLedger: its item and zone fields), or null. */
export function stockLedgerOf(uiSchema: JsonObject | null): { item: string; zone: string } | null {
  const options = uiSchema && isObject(uiSchema['ui:options']) ? uiSchema['ui:options'] : null;
  const ledger = options && isObject(options.stockLedger) ? options.stockLedger : null;
  return ledger && typeof ledger.item === 'string' && typeof ledger.zone === 'string' ? { item: ledger.item, zone: ledger.zone } : null;
}

/** The form a relation field links to (its ui:options.form). */
function linkedForm(uiSchema: JsonObject | undefined, field: string): string | null {
  const ui = uiSchema?.[field];
  return isObject(ui) && isObject(ui['ui:options']) && typeof ui['ui:options'].form === 'string' ? ui['ui:options'].form : null;
}

/**
 * A stock movement form → inventoryAdjustQuantities: where the item records keep their Shopify inventory
 * item id, and which Shopify location each zone is.
 */
export function ShopifyInventoryFields({
  draft,
  change,
  ledger,
  movementForm,
  errors,
}: {
  draft: ShopifyDraft;
  change: (patch: Partial<ShopifyDraft>) => void;
  ledger: { item: string; zone: string } | null;
  movementForm: Form | null;
  errors: MappingErrors;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const { shopify } = useRequiredConnectorsApi();
  const ui = movementForm?.published?.uiSchema;
  const itemFormId = ledger ? linkedForm(ui, ledger.item) : null;
  const zoneFormId = ledger ? linkedForm(ui, ledger.zone) : null;
  const itemForm = useAsync(() => (itemFormId ? api.getForm(itemFormId) : Promise.resolve(null)), [api, itemFormId]);
  const itemFields = useMemo(
    () => formFieldsOf(itemForm.status === 'ok' ? (itemForm.data?.published ?? null) : null, locale),
    [itemForm, locale],
  );
  // Zones are records of a zone form (a relation), or the options of a choice field.
  const zoneOptions = useMemo(
    () => formFieldsOf(movementForm?.published ?? null, locale).find((f) => f.name === ledger?.zone)?.options ?? [],
    [movementForm, locale, ledger?.zone],
  );
  const zones = useAsync(
    async () =>
      zoneFormId
        ? (await api.listRecords(zoneFormId, { limit: 100 })).map((r) => ({ id: r.id, label: r.label }))
        : zoneOptions.map((o) => ({ id: o.value, label: o.label })),
    [api, zoneFormId, zoneOptions],
  );
  const locations = useAsync(() => shopify.locations(), [shopify]);
  const locationOptions = locations.status === 'ok' ? locations.data.map((l) => ({ id: l.id, name: l.name })) : [];
  const err = (path: string) => errorAt(errors, path);

  if (!ledger) return <p className="fl-alert fl-alert--warning">{t('shopify.inventory.notMovementForm')}</p>;
  return (
    <>
      <Section
        id="shopify-items-section"
        title={t('shopify.inventory.items')}
        hint={t('shopify.inventory.itemsHint', { form: itemForm.status === 'ok' ? (itemForm.data?.name ?? '') : '' })}
      >
        <FieldPicker
          id="shopify-inventory-item-field"
          label={t('shopify.inventory.itemField')}
          fields={itemFields}
          kinds={TEXTUAL}
          value={draft.inventoryItemIdField}
          onChange={(inventoryItemIdField) => change({ inventoryItemIdField })}
          hint={t('shopify.inventory.itemFieldHint')}
          error={err('inventoryItemIdField')}
        />
        <VariantFinder show="inventoryItem" />
      </Section>
      <Section id="shopify-zones-section" title={t('shopify.inventory.zones')} hint={t('shopify.inventory.zonesHint')}>
        {locations.status === 'error' && (
          <p className="fl-alert fl-alert--error" role="alert">
            {t('shopify.inventory.locationsFailed')}
          </p>
        )}
        {zones.status === 'ok' && zones.data.length === 0 && <p className="fl-int-muted">{t('shopify.inventory.noZones')}</p>}
        {zones.status === 'ok' &&
          zones.data.map((zone, i) => (
            <RefPicker
              key={zone.id}
              id={`shopify-zone-${i}`}
              label={zone.label}
              options={locationOptions}
              loading={locations.status === 'loading'}
              optional
              value={draft.locations[zone.id] ? { value: draft.locations[zone.id] } : undefined}
              onChange={(ref) => {
                const next = { ...draft.locations };
                if (ref) next[zone.id] = ref.value;
                else delete next[zone.id];
                change({ locations: next });
              }}
            />
          ))}
        {err('locations') && (
          <p className="fl-int-error" role="alert">
            {err('locations')}
          </p>
        )}
        <div className="fl-field">
          <label className="fl-label" htmlFor="shopify-reason">
            {t('shopify.inventory.reason')}
          </label>
          <select
            id="shopify-reason"
            className="fl-input"
            value={draft.reason}
            onChange={(e) => change({ reason: e.target.value as ShopifyDraft['reason'] })}
          >
            {SHOPIFY_ADJUST_REASONS.map((reason) => (
              <option key={reason} value={reason}>
                {t(`shopify.inventory.reasons.${reason}`)}
              </option>
            ))}
          </select>
        </div>
      </Section>
    </>
  );
}
