import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import { operatorsFor, type Condition, type ConditionOperator, type FieldNode } from '../../core/index.ts';
import type { ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { booleanChoices, optionsOf } from '../canvas/options.ts';
import { useDesigner } from '../DesignerContext.tsx';
import { Icon } from '../icons.tsx';
import { pick } from '../text.ts';
import { defOf, defaultValue, newCondition } from './conditions.ts';

/** One "field · comparison · value" line of a rule; `n` numbers it ("2.1") so each control has its own name. */
export function ConditionRow({
  n,
  condition,
  fields,
  onChange,
  onRemove,
}: {
  n: string;
  condition: Condition;
  fields: FieldNode[];
  onChange: (c: Condition) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { registry } = useDesigner();
  const node = fields.find((f) => f.id === condition.field);
  const operators = node ? operatorsFor(node, registry) : [];
  return (
    <div className="fl-dz-condition" role="group" aria-label={t('designer.rules.conditionN', { n })}>
      <select
        className="fl-input fl-dz-prop__input"
        aria-label={t('designer.rules.conditionField', { n })}
        value={condition.field}
        onChange={(e) => {
          const next = fields.find((f) => f.id === e.target.value);
          if (next) onChange(newCondition(next, registry));
        }}
      >
        {!node && <option value={condition.field}>?</option>}
        {fields.map((f) => (
          <option key={f.id} value={f.id}>
            {pick(f.label, locale) || f.key}
          </option>
        ))}
      </select>
      <select
        className="fl-input fl-dz-prop__input"
        aria-label={t('designer.rules.conditionOperator', { n })}
        value={condition.operator}
        onChange={(e) => {
          const operator = e.target.value as ConditionOperator;
          onChange({ field: condition.field, operator, ...(node ? { value: keepValue(condition, operator, node, registry) } : {}) });
        }}
      >
        {operators.map((op) => (
          <option key={op} value={op}>
            {t(`designer.rules.operators.${op}`)}
          </option>
        ))}
      </select>
      {node && <ValueInput n={n} condition={condition} node={node} onChange={(value) => onChange({ ...condition, value })} />}
      {onRemove && (
        <button
          type="button"
          className="fl-dz-smallbtn fl-dz-smallbtn--danger"
          aria-label={t('designer.rules.removeCondition', { n })}
          onClick={onRemove}
        >
          <Icon name="close" size={16} />
        </button>
      )}
    </div>
  );
}

/** The value after changing the operator: kept when it still fits ("is" → "is not"), else a fresh one. */
function keepValue(condition: Condition, operator: ConditionOperator, node: FieldNode, registry: ReadonlyFieldTypeRegistry): unknown {
  if (operator === 'empty' || operator === 'notEmpty') return undefined;
  const wasList = Array.isArray(condition.value);
  if (operator === 'in')
    return wasList ? condition.value : condition.value === undefined ? defaultValue(node, operator, registry) : [condition.value];
  if (wasList) return (condition.value as unknown[])[0];
  return condition.value === undefined ? defaultValue(node, operator, registry) : condition.value;
}

function ValueInput({
  n,
  condition,
  node,
  onChange,
}: {
  n: string;
  condition: Condition;
  node: FieldNode;
  onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { registry } = useDesigner();
  const [text, setText] = useState<string | null>(null);
  if (condition.operator === 'empty' || condition.operator === 'notEmpty') return null;
  const def = defOf(node, registry);
  const label = t('designer.rules.conditionValue', { n });
  const options = def ? optionsOf(node, def) : [];
  const list = condition.operator === 'in';

  if (options.length > 0 && list) {
    const chosen = new Set(Array.isArray(condition.value) ? condition.value : []);
    return (
      <fieldset className="fl-dz-condition__values">
        <legend className="fl-visually-hidden">{label}</legend>
        {options.map((o) => (
          <label key={o.value} className="fl-dz-prop__choice">
            <input
              type="checkbox"
              checked={chosen.has(o.value)}
              onChange={(e) => onChange(options.map((x) => x.value).filter((v) => (v === o.value ? e.target.checked : chosen.has(v))))}
            />
            {pick(o.label, locale) || o.value}
          </label>
        ))}
      </fieldset>
    );
  }
  if (options.length > 0) {
    return (
      <select
        className="fl-input fl-dz-prop__input"
        aria-label={label}
        value={String(condition.value ?? '')}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {pick(o.label, locale) || o.value}
          </option>
        ))}
      </select>
    );
  }
  if (def?.valueKind === 'boolean') {
    const choices = booleanChoices(def)?.map((c) => ({ value: c.value, label: pick(c.label, locale) })) ?? [
      { value: true, label: t('designer.rules.ticked') },
      { value: false, label: t('designer.rules.notTicked') },
    ];
    return (
      <select
        className="fl-input fl-dz-prop__input"
        aria-label={label}
        value={String(condition.value)}
        onChange={(e) => onChange(e.target.value === 'true')}
      >
        {choices.map((c) => (
          <option key={String(c.value)} value={String(c.value)}>
            {c.label}
          </option>
        ))}
      </select>
    );
  }
  // Typed values; a list is written with commas. Numbers are committed only when they are numbers.
  const numeric = def?.valueKind === 'number';
  const shownValue = text ?? (Array.isArray(condition.value) ? condition.value.join(', ') : String(condition.value ?? ''));
  const parse = (raw: string): unknown => {
    const parts = list
      ? raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [raw.trim()];
    const values = numeric ? parts.map(Number) : list ? parts : [raw];
    if (numeric && (values.length === 0 || values.some((v) => typeof v !== 'number' || !Number.isFinite(v)))) return undefined;
    return list ? values : values[0];
  };
  const invalid = text !== null && parse(text) === undefined;
  return (
    <span className="fl-dz-condition__typed">
      <input
        className="fl-input fl-dz-prop__input"
        aria-label={label}
        inputMode={numeric ? 'decimal' : undefined}
        aria-invalid={invalid || undefined}
        value={shownValue}
        placeholder={list ? t('designer.rules.listPlaceholder') : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const value = parse(e.target.value);
          if (value !== undefined) onChange(value);
        }}
        onBlur={() => setText(null)}
      />
      {invalid && <span className="fl-dz-prop__error">{t('designer.props.numberNeeded')}</span>}
    </span>
  );
}
