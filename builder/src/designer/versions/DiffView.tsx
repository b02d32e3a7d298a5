import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import type { Locale, ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { ADVANCED_TYPE, type FieldNode, type FormDoc } from '../../core/index.ts';
import { useDesigner } from '../DesignerContext.tsx';
import { fieldIndex } from '../fieldIndex.ts';
import { ruleText } from '../rules/describe.ts';
import { pick } from '../text.ts';
import type { FormDiff } from './diff.ts';

function typeName(node: FieldNode, registry: ReadonlyFieldTypeRegistry, locale: Locale, advanced: string): string {
  if (node.type === ADVANCED_TYPE) return advanced;
  const def = registry.get(node.type);
  return def ? pick(def.label, locale) : node.type;
}

/** A diff in sentences: fields added, removed and changed, then rules. */
export function DiffView({ diff, before, after }: { diff: FormDiff; before: FormDoc; after: FormDoc }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { registry } = useDesigner();
  const type = (node: FieldNode) => typeName(node, registry, locale, t('designer.canvas.advanced'));
  const name = (node: FieldNode) => pick(node.label, locale) || node.key;
  const field = (node: FieldNode) => t('designer.versions.fieldWithType', { name: name(node), type: type(node) });
  const items: { key: string; text: string; kind: 'added' | 'removed' | 'changed' }[] = [];

  if (diff.titleChanged) {
    items.push({
      key: 'title',
      kind: 'changed',
      text: t('designer.versions.titleChanged', { before: pick(before.title, locale), after: pick(after.title, locale) }),
    });
  }
  for (const f of diff.added)
    items.push({ key: `+${f.path}`, kind: 'added', text: t('designer.versions.added', { field: field(f.node) }) });
  for (const f of diff.removed)
    items.push({ key: `-${f.path}`, kind: 'removed', text: t('designer.versions.removed', { field: field(f.node) }) });
  for (const c of diff.changed) {
    const parts = c.changes.map((change) => {
      switch (change) {
        case 'label':
          return t('designer.versions.labelChanged', { before: name(c.before.node), after: name(c.after.node) });
        case 'type':
          return t('designer.versions.typeChanged', { before: type(c.before.node), after: type(c.after.node) });
        case 'required':
          return t(c.after.node.required ? 'designer.versions.nowRequired' : 'designer.versions.nowOptional');
        case 'options':
          return c.removedOptions.length
            ? t('designer.versions.optionsRemoved', { options: c.removedOptions.join(t('designer.rules.listSeparator')) })
            : t('designer.versions.optionsChanged');
      }
    });
    items.push({
      key: `~${c.after.path}`,
      kind: 'changed',
      text: t('designer.versions.changed', { name: name(c.after.node), changes: parts.join(t('designer.versions.changeSeparator')) }),
    });
  }
  const beforeIndex = fieldIndex(before.fields);
  const afterIndex = fieldIndex(after.fields);
  for (const r of diff.rulesAdded) {
    items.push({
      key: `+r${r.id}`,
      kind: 'added',
      text: t('designer.versions.ruleAdded', { rule: ruleText(r, afterIndex, registry, t, locale) }),
    });
  }
  for (const r of diff.rulesRemoved) {
    items.push({
      key: `-r${r.id}`,
      kind: 'removed',
      text: t('designer.versions.ruleRemoved', { rule: ruleText(r, beforeIndex, registry, t, locale) }),
    });
  }
  if (items.length === 0) return <p className="fl-dz-hint">{t('designer.versions.noChanges')}</p>;
  return (
    <ul className="fl-dz-diff">
      {items.map((item) => (
        <li key={item.key} className={`fl-dz-diff__${item.kind}`}>
          <span className="fl-dz-diff__mark" aria-hidden="true">
            {item.kind === 'added' ? '+' : item.kind === 'removed' ? '−' : '~'}
          </span>
          {item.text}
        </li>
      ))}
    </ul>
  );
}
