import { useTranslation } from 'react-i18next';
import { FieldPicker } from '../connectors/FieldPicker.tsx';
import { TEXTUAL, type FormField } from '../connectors/formFields.ts';
import { errorAt, type MappingErrors } from '../connectors/mappingErrors.ts';
import { RefPicker } from '../connectors/RefPicker.tsx';
import { Section } from '../connectors/Section.tsx';
import type { QuickBooksDraft } from './quickbooksDraft.ts';
import type { QuickBooksLists } from './useQuickBooksLists.ts';

/** Mapping paths the settings below show problems for (anything else is listed above the form). */
export const SHOWN_PATHS = ['vendor', 'apAccount', 'lines', 'dueDate', 'memo', 'docNumber', 'payment', 'kind', 'enabled', 'realmId'];

/** The settings of a QuickBooks mapping: target, vendor, lines, dates/notes, payment. */
export function QuickBooksMappingFields({
  draft,
  change,
  fields,
  lists,
  errors,
}: {
  draft: QuickBooksDraft;
  change: (patch: Partial<QuickBooksDraft>) => void;
  fields: FormField[];
  lists: QuickBooksLists;
  errors: MappingErrors;
}) {
  const { t } = useTranslation();
  const err = (path: string) => errorAt(errors, path);
  const table = fields.find((f) => f.kind === 'subtable' && f.name === draft.linesField);
  const columns = table?.children ?? [];
  const categoryColumn = columns.find((c) => c.name === draft.category);
  const po = draft.kind === 'purchase_order';

  return (
    <>
      <Section id="qbo-target-section" title={t('quickbooks.editor.target')}>
        <div className="fl-int-radios" role="radiogroup" aria-label={t('quickbooks.editor.target')}>
          {(['purchase_order', 'bill'] as const).map((kind) => (
            <label key={kind} className="fl-int-radio">
              <input type="radio" name="qbo-kind" checked={draft.kind === kind} onChange={() => change({ kind })} />
              <span>
                <strong>{t(`quickbooks.kinds.${kind}`)}</strong>
                <span className="fl-int-muted">{t(`quickbooks.editor.kindHint.${kind}`)}</span>
              </span>
            </label>
          ))}
        </div>
        <label className="fl-int-check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
          <span>{t('quickbooks.editor.enabled')}</span>
        </label>
      </Section>

      <Section id="qbo-vendor-section" title={t('quickbooks.editor.vendor')} hint={t('quickbooks.editor.vendorHint')}>
        <div className="fl-int-radios fl-conn-inline-radios">
          {(['field', 'fixed'] as const).map((mode) => (
            <label key={mode} className="fl-int-check">
              <input
                type="radio"
                name="qbo-vendor-mode"
                checked={draft.vendorMode === mode}
                onChange={() => change({ vendorMode: mode })}
              />
              <span>{t(`quickbooks.editor.vendorMode.${mode}`)}</span>
            </label>
          ))}
        </div>
        {draft.vendorMode === 'field' ? (
          <FieldPicker
            id="qbo-vendor-field"
            label={t('quickbooks.editor.vendorField')}
            fields={fields}
            kinds={TEXTUAL}
            value={draft.vendorField}
            onChange={(vendorField) => change({ vendorField })}
            hint={t('quickbooks.editor.vendorFieldHint')}
            error={err('vendor')}
          />
        ) : (
          <RefPicker
            id="qbo-vendor"
            label={t('quickbooks.editor.vendorFixed')}
            options={lists.vendors}
            loading={lists.loading}
            value={draft.vendor}
            onChange={(vendor) => change({ vendor })}
            error={err('vendor')}
          />
        )}
        {po && (
          <RefPicker
            id="qbo-ap-account"
            label={t('quickbooks.editor.apAccount')}
            options={lists.apAccounts}
            loading={lists.loading}
            value={draft.apAccount}
            onChange={(apAccount) => change({ apAccount })}
            error={err('apAccount')}
          />
        )}
      </Section>

      <Section id="qbo-lines-section" title={t('quickbooks.editor.lines')} hint={t('quickbooks.editor.linesHint')}>
        <FieldPicker
          id="qbo-lines-field"
          label={t('quickbooks.editor.linesField')}
          fields={fields}
          kinds={['subtable']}
          value={draft.linesField}
          onChange={(linesField) => change({ linesField })}
          error={err('lines/field')}
        />
        {draft.linesField && (
          <div className="fl-conn-grid">
            <FieldPicker
              id="qbo-description"
              label={t('quickbooks.editor.description')}
              fields={columns}
              kinds={TEXTUAL}
              optional
              value={draft.description}
              onChange={(description) => change({ description })}
              error={err('lines/description')}
            />
            {po ? (
              <>
                <FieldPicker
                  id="qbo-quantity"
                  label={t('quickbooks.editor.quantity')}
                  fields={columns}
                  kinds={['number']}
                  value={draft.quantity}
                  onChange={(quantity) => change({ quantity })}
                  error={err('lines/quantity')}
                />
                <FieldPicker
                  id="qbo-unit-price"
                  label={t('quickbooks.editor.unitPrice')}
                  fields={columns}
                  kinds={['number']}
                  value={draft.unitPrice}
                  onChange={(unitPrice) => change({ unitPrice })}
                  error={err('lines/unitPrice')}
                />
              </>
            ) : (
              <FieldPicker
                id="qbo-amount"
                label={t('quickbooks.editor.amount')}
                fields={columns}
                kinds={['number']}
                value={draft.amount}
                onChange={(amount) => change({ amount })}
                error={err('lines/amount')}
              />
            )}
          </div>
        )}
        {po ? <PurchaseOrderDetail draft={draft} change={change} columns={columns} lists={lists} errors={errors} /> : null}
        {!po && draft.linesField && (
          <>
            <FieldPicker
              id="qbo-category"
              label={t('quickbooks.editor.category')}
              fields={columns}
              kinds={['choice']}
              optional
              value={draft.category}
              onChange={(category) => change({ category, categoryAccounts: {} })}
              hint={t('quickbooks.editor.categoryHint')}
              error={err('lines/category')}
            />
            {categoryColumn && categoryColumn.options.length > 0 && (
              <fieldset className="fl-conn-map" aria-describedby={err('lines/categoryAccounts') ? 'qbo-category-map-error' : undefined}>
                <legend className="fl-label">{t('quickbooks.editor.categoryMap')}</legend>
                {categoryColumn.options.map((option, i) => (
                  <RefPicker
                    key={option.value}
                    id={`qbo-category-${i}`}
                    label={option.label}
                    options={lists.expenseAccounts}
                    loading={lists.loading}
                    optional
                    value={draft.categoryAccounts[option.value]}
                    onChange={(ref) => {
                      const next = { ...draft.categoryAccounts };
                      if (ref) next[option.value] = ref;
                      else delete next[option.value];
                      change({ categoryAccounts: next });
                    }}
                  />
                ))}
                {err('lines/categoryAccounts') && (
                  <p id="qbo-category-map-error" className="fl-int-error" role="alert">
                    {err('lines/categoryAccounts')}
                  </p>
                )}
              </fieldset>
            )}
            <RefPicker
              id="qbo-default-account"
              label={t('quickbooks.editor.defaultAccount')}
              options={lists.expenseAccounts}
              loading={lists.loading}
              optional={!!draft.category}
              value={draft.defaultAccount}
              onChange={(defaultAccount) => change({ defaultAccount })}
              hint={t('quickbooks.editor.defaultAccountHint')}
              error={err('lines/defaultAccount')}
            />
          </>
        )}
      </Section>

      <Section id="qbo-more-section" title={t('quickbooks.editor.more')}>
        <div className="fl-conn-grid">
          <FieldPicker
            id="qbo-due-date"
            label={t('quickbooks.editor.dueDate')}
            fields={fields}
            kinds={['date']}
            optional
            value={draft.dueDate}
            onChange={(dueDate) => change({ dueDate })}
            error={err('dueDate')}
          />
          {po ? (
            <FieldPicker
              id="qbo-memo"
              label={t('quickbooks.editor.memo')}
              fields={fields}
              kinds={TEXTUAL}
              optional
              value={draft.memo}
              onChange={(memo) => change({ memo })}
              error={err('memo')}
            />
          ) : (
            <FieldPicker
              id="qbo-doc-number"
              label={t('quickbooks.editor.docNumber')}
              fields={fields}
              kinds={[...TEXTUAL, 'number']}
              optional
              value={draft.docNumber}
              onChange={(docNumber) => change({ docNumber })}
              error={err('docNumber')}
            />
          )}
        </div>
      </Section>

      {!po && (
        <Section id="qbo-payment-section" title={t('quickbooks.editor.payment')} hint={t('quickbooks.editor.paymentHint')}>
          <label className="fl-int-check">
            <input type="checkbox" checked={draft.payWhenPaid} onChange={(e) => change({ payWhenPaid: e.target.checked })} />
            <span>{t('quickbooks.editor.payWhenPaid')}</span>
          </label>
          {draft.payWhenPaid && (
            <div className="fl-conn-grid">
              <FieldPicker
                id="qbo-paid-field"
                label={t('quickbooks.editor.paidField')}
                fields={fields}
                kinds={['boolean']}
                value={draft.paidField}
                onChange={(paidField) => change({ paidField })}
                error={err('payment/paidField')}
              />
              <FieldPicker
                id="qbo-payment-date"
                label={t('quickbooks.editor.paymentDate')}
                fields={fields}
                kinds={['date']}
                optional
                value={draft.paymentDateField}
                onChange={(paymentDateField) => change({ paymentDateField })}
                error={err('payment/paymentDateField')}
              />
              <RefPicker
                id="qbo-bank-account"
                label={t('quickbooks.editor.bankAccount')}
                options={lists.bankAccounts}
                loading={lists.loading}
                value={draft.bankAccount}
                onChange={(bankAccount) => change({ bankAccount })}
                error={err('payment/bankAccount')}
              />
            </div>
          )}
        </Section>
      )}
    </>
  );
}

function PurchaseOrderDetail({
  draft,
  change,
  columns,
  lists,
  errors,
}: {
  draft: QuickBooksDraft;
  change: (patch: Partial<QuickBooksDraft>) => void;
  columns: FormField[];
  lists: QuickBooksLists;
  errors: MappingErrors;
}) {
  const { t } = useTranslation();
  const err = errorAt(errors, 'lines/detail');
  return (
    <fieldset className="fl-conn-choice">
      <legend className="fl-label">{t('quickbooks.editor.detail')}</legend>
      <div className="fl-int-radios fl-conn-inline-radios">
        {(['item', 'account'] as const).map((type) => (
          <label key={type} className="fl-int-check">
            <input type="radio" name="qbo-detail" checked={draft.detailType === type} onChange={() => change({ detailType: type })} />
            <span>{t(`quickbooks.editor.detailType.${type}`)}</span>
          </label>
        ))}
      </div>
      {draft.detailType === 'account' ? (
        <RefPicker
          id="qbo-line-account"
          label={t('quickbooks.editor.lineAccount')}
          options={lists.expenseAccounts}
          loading={lists.loading}
          value={draft.lineAccount}
          onChange={(lineAccount) => change({ lineAccount })}
          error={err}
        />
      ) : (
        <>
          <div className="fl-int-radios fl-conn-inline-radios">
            {(['column', 'fixed'] as const).map((mode) => (
              <label key={mode} className="fl-int-check">
                <input type="radio" name="qbo-item-mode" checked={draft.itemMode === mode} onChange={() => change({ itemMode: mode })} />
                <span>{t(`quickbooks.editor.itemMode.${mode}`)}</span>
              </label>
            ))}
          </div>
          {draft.itemMode === 'column' ? (
            <FieldPicker
              id="qbo-item-column"
              label={t('quickbooks.editor.itemColumn')}
              fields={columns}
              kinds={TEXTUAL}
              value={draft.itemColumn}
              onChange={(itemColumn) => change({ itemColumn })}
              hint={t('quickbooks.editor.itemColumnHint')}
              error={err}
            />
          ) : (
            <RefPicker
              id="qbo-item"
              label={t('quickbooks.editor.itemFixed')}
              options={lists.items}
              loading={lists.loading}
              value={draft.item}
              onChange={(item) => change({ item })}
              error={err}
            />
          )}
        </>
      )}
    </fieldset>
  );
}
