import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import { RULE_LIMITS, isGroup, type Condition, type ConditionGroup, type FieldNode, type Rule } from '../../core/index.ts';
import { useDesigner, useDoc } from '../DesignerContext.tsx';
import { describeError } from '../errors.ts';
import { fieldIndex } from '../fieldIndex.ts';
import { Icon } from '../icons.tsx';
import { pick } from '../text.ts';
import { ConditionRow } from './ConditionRow.tsx';
import { defOf, newCondition } from './conditions.ts';
import { ruleText } from './describe.ts';

type Draft = Omit<Rule, 'id'>;
/** Nested groups the editor offers (the store takes deeper ones, which imported forms may have). */
const UI_MAX_DEPTH = 3;

/** Adds or edits one rule. Nothing reaches the store (or the undo history) until Save. */
export function RuleForm({
  initial,
  ruleId,
  fields,
  onDone,
}: {
  initial: Draft;
  ruleId?: string;
  fields: FieldNode[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { registry, run } = useDesigner();
  const doc = useDoc();
  const index = fieldIndex(doc.fields);
  const [draft, setDraft] = useState<Draft>(initial);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const id = useId();

  const save = () => {
    if (draft.targets.length === 0) {
      setError(t('designer.rules.chooseTargets'));
      return;
    }
    const result = ruleId
      ? run({ type: 'updateRule', id: ruleId, patch: draft }, { quiet: true })
      : run({ type: 'addRule', rule: draft }, { quiet: true });
    if (result.ok) onDone();
    else setError(describeError(t, result.error));
  };

  const all = [...index.values()];
  const shown = all.filter(({ node }) => {
    if (draft.action === 'require' && defOf(node, registry)?.valueKind === 'none') return false;
    const q = filter.trim().toLowerCase();
    return !q || pick(node.label, locale).toLowerCase().includes(q) || node.key.toLowerCase().includes(q);
  });
  const toggleTarget = (fieldId: string, on: boolean) =>
    setDraft((d) => ({ ...d, targets: on ? [...d.targets, fieldId] : d.targets.filter((x) => x !== fieldId) }));

  return (
    <div className="fl-dz-ruleform" role="group" aria-label={t(ruleId ? 'designer.rules.editing' : 'designer.rules.adding')}>
      <p className="fl-dz-ruleform__sentence" data-testid="rule-sentence">
        {ruleText(draft, index, registry, t, locale)}
      </p>
      <div className="fl-dz-prop">
        <label className="fl-dz-prop__label" htmlFor={`${id}-action`}>
          {t('designer.rules.action')}
        </label>
        <select
          id={`${id}-action`}
          className="fl-input fl-dz-prop__input"
          value={draft.action}
          onChange={(e) => setDraft((d) => ({ ...d, action: e.target.value as Rule['action'] }))}
        >
          {(['show', 'hide', 'require'] as const).map((a) => (
            <option key={a} value={a}>
              {t(`designer.rules.actionChoices.${a}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="fl-dz-prop fl-dz-prop--group">
        <legend className="fl-dz-prop__label">{t('designer.rules.targets')}</legend>
        {all.length > 8 && (
          <input
            className="fl-input fl-dz-prop__input"
            type="search"
            aria-label={t('designer.rules.filter')}
            placeholder={t('designer.rules.filter')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        )}
        <div className="fl-dz-ruleform__targets">
          {shown.map(({ node, ancestors }) => (
            <label key={node.id} className="fl-dz-prop__choice" style={{ paddingInlineStart: `${ancestors.length * 1.1}rem` }}>
              <input type="checkbox" checked={draft.targets.includes(node.id)} onChange={(e) => toggleTarget(node.id, e.target.checked)} />
              {pick(node.label, locale) || node.key}
            </label>
          ))}
        </div>
      </fieldset>
      <GroupEditor group={draft.when} depth={1} prefix="" fields={fields} onChange={(when) => setDraft((d) => ({ ...d, when }))} />
      {error && (
        <p className="fl-dz-prop__error" role="alert">
          {error}
        </p>
      )}
      <div className="fl-dz-options__actions">
        <button type="button" className="fl-btn fl-btn--primary fl-dz-compact" onClick={save}>
          {t('designer.rules.save')}
        </button>
        <button type="button" className="fl-btn fl-btn--secondary fl-dz-compact" onClick={onDone}>
          {t('designer.rules.cancel')}
        </button>
      </div>
    </div>
  );
}

/** `prefix` numbers nested items: condition 2.1 is the first in group 2, so every control has its own name. */
function GroupEditor({
  group,
  depth,
  prefix,
  fields,
  onChange,
  onRemove,
}: {
  group: ConditionGroup;
  depth: number;
  prefix: string;
  fields: FieldNode[];
  onChange: (group: ConditionGroup) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const { registry } = useDesigner();
  const id = useId();
  const setItem = (i: number, item: Condition | ConditionGroup) =>
    onChange({ ...group, items: group.items.map((x, j) => (j === i ? item : x)) });
  const removeItem = (i: number) => onChange({ ...group, items: group.items.filter((_, j) => j !== i) });
  const full = group.items.length >= RULE_LIMITS.maxItemsPerGroup;
  const number = (i: number) => `${prefix}${i + 1}`;
  return (
    <fieldset className={`fl-dz-group${depth > 1 ? ' is-nested' : ''}`}>
      <legend className="fl-dz-prop__label">
        {depth === 1 ? t('designer.rules.when') : t('designer.rules.subgroup', { n: prefix.slice(0, -1) })}
      </legend>
      <div className="fl-dz-group__head">
        <label htmlFor={`${id}-op`} className="fl-visually-hidden">
          {t('designer.rules.match')}
        </label>
        <select
          id={`${id}-op`}
          className="fl-input fl-dz-prop__input"
          value={group.op}
          onChange={(e) => onChange({ ...group, op: e.target.value as 'and' | 'or' })}
        >
          <option value="and">{t('designer.rules.matchAll')}</option>
          <option value="or">{t('designer.rules.matchAny')}</option>
        </select>
        {onRemove && (
          <button
            type="button"
            className="fl-dz-smallbtn fl-dz-smallbtn--danger"
            aria-label={t('designer.rules.removeGroup', { n: prefix.slice(0, -1) })}
            onClick={onRemove}
          >
            <Icon name="trash" size={16} />
          </button>
        )}
      </div>
      <ol className="fl-dz-group__items">
        {group.items.map((item, i) => (
          <li key={i}>
            {isGroup(item) ? (
              <GroupEditor
                group={item}
                depth={depth + 1}
                prefix={`${number(i)}.`}
                fields={fields}
                onChange={(g) => setItem(i, g)}
                onRemove={() => removeItem(i)}
              />
            ) : (
              <ConditionRow
                n={number(i)}
                condition={item}
                fields={fields}
                onChange={(c) => setItem(i, c)}
                onRemove={group.items.length > 1 ? () => removeItem(i) : undefined}
              />
            )}
          </li>
        ))}
      </ol>
      <div className="fl-dz-options__actions">
        <button
          type="button"
          className="fl-btn fl-btn--ghost fl-dz-compact"
          disabled={full || fields.length === 0}
          onClick={() => onChange({ ...group, items: [...group.items, newCondition(fields[0], registry)] })}
        >
          <Icon name="plus" size={16} />
          {t('designer.rules.addCondition')}
        </button>
        {depth < UI_MAX_DEPTH && (
          <button
            type="button"
            className="fl-btn fl-btn--ghost fl-dz-compact"
            disabled={full || fields.length === 0}
            onClick={() =>
              onChange({
                ...group,
                items: [...group.items, { op: group.op === 'and' ? 'or' : 'and', items: [newCondition(fields[0], registry)] }],
              })
            }
          >
            <Icon name="plus" size={16} />
            {t('designer.rules.addGroup')}
          </button>
        )}
      </div>
    </fieldset>
  );
}
