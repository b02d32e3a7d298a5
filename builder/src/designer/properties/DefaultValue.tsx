import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import type { FieldTypeDefinition } from '@formloom/schemas';
import type { FieldNode } from '../../core/index.ts';
import { booleanChoices, optionsOf } from '../canvas/options.ts';
import { useDesigner } from '../DesignerContext.tsx';
import { describeError } from '../errors.ts';
import { pick } from '../text.ts';
import { NumberField, SelectField, TextField } from './controls.tsx';

/** The answer a field starts with, picked the way the field is answered (an option, Yes/No, a number...). */
export function DefaultValue({ node, def }: { node: FieldNode; def: FieldTypeDefinition }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { run } = useDesigner();
  const [error, setError] = useState<string | null>(null);
  const set = (value: unknown) => {
    const result = run({ type: 'updateField', id: node.id, patch: { props: { default: value } } }, { quiet: true });
    setError(result.ok ? null : describeError(t, result.error));
  };
  const label = t('designer.props.default');
  const hint = t('designer.props.defaultHint');
  const current = node.props.default;
  const options = optionsOf(node, def);

  if (def.valueKind === 'array') {
    if (options.length === 0) return null;
    const chosen = new Set(Array.isArray(current) ? current : []);
    return (
      <fieldset className="fl-dz-prop fl-dz-prop--group">
        <legend className="fl-dz-prop__label">{label}</legend>
        {options.map((o) => (
          <label key={o.value} className="fl-dz-prop__choice">
            <input
              type="checkbox"
              checked={chosen.has(o.value)}
              onChange={(e) => {
                const next = options.map((x) => x.value).filter((v) => (v === o.value ? e.target.checked : chosen.has(v)));
                set(next.length ? next : undefined);
              }}
            />
            {pick(o.label, locale) || o.value}
          </label>
        ))}
        {error && <p className="fl-dz-prop__error">{error}</p>}
      </fieldset>
    );
  }
  const choices = options.length
    ? options.map((o) => ({ value: o.value, label: pick(o.label, locale) || o.value }))
    : (booleanChoices(def)?.map((c) => ({ value: String(c.value), label: pick(c.label, locale) })) ??
      (def.valueKind === 'boolean'
        ? [
            { value: 'true', label: t('designer.props.ticked') },
            { value: 'false', label: t('designer.props.notTicked') },
          ]
        : null));
  if (choices) {
    const asValue = (v: string): unknown => (v === '' ? undefined : def.valueKind === 'boolean' ? v === 'true' : v);
    return (
      <SelectField
        label={label}
        hint={hint}
        error={error}
        value={current === undefined ? '' : String(current)}
        options={[{ value: '', label: t('designer.props.noDefault') }, ...choices]}
        onChange={(v) => set(asValue(v))}
      />
    );
  }
  if (def.valueKind === 'number') {
    return <NumberField label={label} hint={hint} error={error} value={typeof current === 'number' ? current : undefined} onCommit={set} />;
  }
  if (def.valueKind === 'string') {
    return (
      <TextField
        label={label}
        hint={hint}
        error={error}
        value={typeof current === 'string' ? current : ''}
        commitDelay={null}
        onCommit={(v) => set(v === '' ? undefined : v)}
      />
    );
  }
  return null;
}
