/**
 * A condition branch's condition as rows (a form field compared with a value, or something about the
 * submitter), combined with all or any. Each row's operators suit its field: numbers compare,
 * choices match one or several options, multi-selects contain.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentPicker, PositionPicker, UserPicker, useLocale } from '@formloom/runtime';
import type { FlowCondition } from '@formloom/schemas';
import { conditionRows, describeCondition, rowsToCondition, type ConditionLeaf, type ConditionRows } from '../../../core/flow/index.ts';
import type { ConditionOperator } from '../../../core/index.ts';
import { useDesigner, useDoc } from '../../DesignerContext.tsx';
import { Icon } from '../../icons.tsx';
import { NumberField, TextField } from '../../properties/controls.tsx';
import { pick } from '../../text.ts';
import { useConditionWords } from '../describeWords.ts';
import { conditionFields, type ConditionField } from '../formFields.ts';

type FieldLeaf = Extract<ConditionLeaf, { field: string[] }>;
type SubmitterLeaf = Extract<ConditionLeaf, { submitter: string }>;
const SUBMITTER_ATTRS: SubmitterLeaf['submitter'][] = ['department', 'position', 'role', 'user'];
const ROLES = ['admin', 'builder', 'member'];
const MAX_ROWS = 20;

const keyOf = (path: readonly string[]) => path.join('.');

function firstValue(field: ConditionField, op: ConditionOperator): unknown {
  if (op === 'empty' || op === 'notEmpty') return undefined;
  const options = field.node.props.options ?? [];
  if (op === 'in') return options.length ? [options[0]!.value] : [];
  if (field.kind === 'boolean') return true;
  if (field.kind === 'choice' || field.kind === 'multi') return options[0]?.value ?? '';
  return field.kind === 'number' ? 0 : '';
}

export function ConditionEditor({ condition, onChange }: { condition: FlowCondition | null; onChange: (c: FlowCondition) => void }) {
  const { t } = useTranslation();
  const { registry } = useDesigner();
  const doc = useDoc();
  const words = useConditionWords();
  const fields = conditionFields(doc, registry);
  const rows = conditionRows(condition);
  const id = useId();
  if (!rows)
    return (
      <div className="fl-dz-prop">
        <p className="fl-flow-sentence">{condition ? describeCondition(condition, words) : ''}</p>
        <p className="fl-dz-prop__hint">{t('designer.flow.cond.advanced')}</p>
        <button type="button" className="fl-btn fl-btn--secondary" onClick={() => onChange({ all: [] } as never)}>
          {t('designer.flow.cond.startOver')}
        </button>
      </div>
    );
  const commit = (next: ConditionRows) => onChange(rowsToCondition(next));
  const setRow = (i: number, row: ConditionLeaf) => commit({ ...rows, rows: rows.rows.map((r, j) => (j === i ? row : r)) });
  const newFieldRow = (): ConditionLeaf | null => {
    const field = fields[0];
    if (!field) return null;
    const op = field.operators[0]!;
    return { field: field.path, op, value: firstValue(field, op) };
  };
  return (
    <div className="fl-flow-cond" data-testid="condition-editor">
      <div className="fl-dz-prop">
        <label htmlFor={`${id}-combine`} className="fl-dz-prop__label">
          {t('designer.flow.cond.combine')}
        </label>
        <select
          id={`${id}-combine`}
          className="fl-input fl-dz-prop__input"
          value={rows.combine}
          onChange={(e) => commit({ ...rows, combine: e.target.value as 'all' | 'any' })}
        >
          <option value="all">{t('designer.flow.cond.combineAll')}</option>
          <option value="any">{t('designer.flow.cond.combineAny')}</option>
        </select>
      </div>
      {rows.rows.map((row, i) => (
        <div key={i} className="fl-flow-cond__row" data-testid={`condition-row-${i}`}>
          <div className="fl-flow-source__head">
            <span className="fl-dz-prop__label">{t('designer.flow.cond.rowLabel', { n: i + 1 })}</span>
            <button
              type="button"
              className="fl-flow-tool fl-flow-tool--danger"
              aria-label={t('designer.flow.cond.removeRow', { n: i + 1 })}
              onClick={() => commit({ ...rows, rows: rows.rows.filter((_, j) => j !== i) })}
            >
              <Icon name="trash" size={16} />
            </button>
          </div>
          {'field' in row ? (
            <FieldRow row={row} fields={fields} onChange={(r) => setRow(i, r)} />
          ) : (
            <SubmitterRow row={row} onChange={(r) => setRow(i, r)} />
          )}
        </div>
      ))}
      <div className="fl-flow-cond__adds">
        <button
          type="button"
          className="fl-btn fl-btn--secondary"
          disabled={fields.length === 0 || rows.rows.length >= MAX_ROWS}
          data-testid="condition-add-field"
          onClick={() => {
            const row = newFieldRow();
            if (row) commit({ ...rows, rows: [...rows.rows, row] });
          }}
        >
          <Icon name="plus" />
          {t('designer.flow.cond.addField')}
        </button>
        <button
          type="button"
          className="fl-btn fl-btn--secondary"
          disabled={rows.rows.length >= MAX_ROWS}
          data-testid="condition-add-submitter"
          onClick={() => commit({ ...rows, rows: [...rows.rows, { submitter: 'department', op: 'within', value: '' } as never] })}
        >
          <Icon name="plus" />
          {t('designer.flow.cond.addSubmitter')}
        </button>
      </div>
      {fields.length === 0 && <p className="fl-dz-prop__hint">{t('designer.flow.cond.noFields')}</p>}
    </div>
  );
}

function FieldRow({ row, fields, onChange }: { row: FieldLeaf; fields: ConditionField[]; onChange: (row: FieldLeaf) => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const id = useId();
  const field = fields.find((f) => keyOf(f.path) === keyOf(row.field));
  const operators = field?.operators ?? [row.op];
  const options = field?.node.props.options ?? [];
  const label = (f: ConditionField) => pick(f.node.label, locale) || keyOf(f.path);
  return (
    <>
      <div className="fl-dz-prop">
        <label htmlFor={`${id}-field`} className="fl-dz-prop__label">
          {t('designer.flow.cond.field')}
        </label>
        <select
          id={`${id}-field`}
          className="fl-input fl-dz-prop__input"
          value={keyOf(row.field)}
          onChange={(e) => {
            const next = fields.find((f) => keyOf(f.path) === e.target.value)!;
            const op = next.operators.includes(row.op) ? row.op : next.operators[0]!;
            onChange({ field: next.path, op, value: firstValue(next, op) });
          }}
        >
          {!field && <option value={keyOf(row.field)}>{t('designer.flow.cond.missingField', { key: keyOf(row.field) })}</option>}
          {fields.map((f) => (
            <option key={keyOf(f.path)} value={keyOf(f.path)}>
              {label(f)}
            </option>
          ))}
        </select>
      </div>
      <div className="fl-dz-prop">
        <label htmlFor={`${id}-op`} className="fl-dz-prop__label">
          {t('designer.flow.cond.operator')}
        </label>
        <select
          id={`${id}-op`}
          className="fl-input fl-dz-prop__input"
          value={row.op}
          onChange={(e) => {
            const op = e.target.value as ConditionOperator;
            onChange({ ...row, op, value: field ? firstValue(field, op) : row.value });
          }}
        >
          {operators.map((op) => (
            <option key={op} value={op}>
              {t(`designer.flow.cond.opName.${op}`)}
            </option>
          ))}
        </select>
      </div>
      {row.op === 'empty' || row.op === 'notEmpty' ? null : row.op === 'in' && options.length ? (
        <fieldset className="fl-dz-prop fl-dz-prop--group">
          <legend className="fl-dz-prop__label">{t('designer.flow.cond.values')}</legend>
          {options.map((o) => {
            const list = Array.isArray(row.value) ? (row.value as unknown[]) : [];
            return (
              <label key={o.value} className="fl-flow-check">
                <input
                  type="checkbox"
                  checked={list.includes(o.value)}
                  onChange={(e) => onChange({ ...row, value: e.target.checked ? [...list, o.value] : list.filter((v) => v !== o.value) })}
                />
                {pick(o.label, locale) || o.value}
              </label>
            );
          })}
        </fieldset>
      ) : options.length ? (
        <div className="fl-dz-prop">
          <label htmlFor={`${id}-value`} className="fl-dz-prop__label">
            {t('designer.flow.cond.value')}
          </label>
          <select
            id={`${id}-value`}
            className="fl-input fl-dz-prop__input"
            value={String(row.value ?? '')}
            onChange={(e) => onChange({ ...row, value: e.target.value })}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {pick(o.label, locale) || o.value}
              </option>
            ))}
          </select>
        </div>
      ) : field?.kind === 'boolean' ? (
        <div className="fl-dz-prop">
          <label htmlFor={`${id}-value`} className="fl-dz-prop__label">
            {t('designer.flow.cond.value')}
          </label>
          <select
            id={`${id}-value`}
            className="fl-input fl-dz-prop__input"
            value={String(row.value === true)}
            onChange={(e) => onChange({ ...row, value: e.target.value === 'true' })}
          >
            <option value="true">{t('designer.flow.cond.yes')}</option>
            <option value="false">{t('designer.flow.cond.no')}</option>
          </select>
        </div>
      ) : field?.kind === 'number' ? (
        <NumberField
          label={t('designer.flow.cond.value')}
          value={typeof row.value === 'number' ? row.value : undefined}
          onCommit={(value) => onChange({ ...row, value: value ?? 0 })}
        />
      ) : (
        <TextField
          label={t('designer.flow.cond.value')}
          value={typeof row.value === 'string' ? row.value : ''}
          onCommit={(value) => onChange({ ...row, value })}
        />
      )}
    </>
  );
}

function SubmitterRow({ row, onChange }: { row: SubmitterLeaf; onChange: (row: SubmitterLeaf) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const value = typeof row.value === 'string' ? row.value : (row.value[0] ?? '');
  const ops: SubmitterLeaf['op'][] = row.submitter === 'department' ? ['within', 'eq', 'neq'] : ['eq', 'neq'];
  return (
    <>
      <div className="fl-dz-prop">
        <label htmlFor={`${id}-attr`} className="fl-dz-prop__label">
          {t('designer.flow.cond.about')}
        </label>
        <select
          id={`${id}-attr`}
          className="fl-input fl-dz-prop__input"
          value={row.submitter}
          onChange={(e) => {
            const submitter = e.target.value as SubmitterLeaf['submitter'];
            onChange({
              submitter,
              op: submitter === 'department' ? 'within' : 'eq',
              value: submitter === 'role' ? 'member' : '',
            } as SubmitterLeaf);
          }}
        >
          {SUBMITTER_ATTRS.map((a) => (
            <option key={a} value={a}>
              {t(`designer.flow.cond.submitter.${a}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="fl-dz-prop">
        <label htmlFor={`${id}-op`} className="fl-dz-prop__label">
          {t('designer.flow.cond.operator')}
        </label>
        <select
          id={`${id}-op`}
          className="fl-input fl-dz-prop__input"
          value={row.op}
          onChange={(e) => onChange({ ...row, op: e.target.value as SubmitterLeaf['op'] })}
        >
          {ops.map((op) => (
            <option key={op} value={op}>
              {t(`designer.flow.cond.subOp.${op}`)}
            </option>
          ))}
        </select>
      </div>
      {row.submitter === 'department' && (
        <DepartmentPicker
          id={`${id}-dept`}
          label={t('designer.flow.cond.value')}
          value={value || null}
          onChange={(v) => onChange({ ...row, value: v ?? '' })}
        />
      )}
      {row.submitter === 'position' && (
        <PositionPicker
          id={`${id}-pos`}
          label={t('designer.flow.cond.value')}
          value={value}
          onChange={(v) => onChange({ ...row, value: v })}
        />
      )}
      {row.submitter === 'user' && (
        <UserPicker
          id={`${id}-user`}
          label={t('designer.flow.cond.value')}
          value={value || null}
          onChange={(v) => onChange({ ...row, value: v ?? '' })}
        />
      )}
      {row.submitter === 'role' && (
        <div className="fl-dz-prop">
          <label htmlFor={`${id}-role`} className="fl-dz-prop__label">
            {t('designer.flow.cond.value')}
          </label>
          <select
            id={`${id}-role`}
            className="fl-input fl-dz-prop__input"
            value={value}
            onChange={(e) => onChange({ ...row, value: e.target.value })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`designer.flow.cond.role.${r}`)}
              </option>
            ))}
          </select>
        </div>
      )}
    </>
  );
}
