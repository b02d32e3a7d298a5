import { memo, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import type { FieldTypeDefinition, Localized } from '@formloom/schemas';
import { ADVANCED_TYPE, collectKeys, suggestKey, validateKey, type FieldNode, type FieldPatch, type FieldWidth } from '../../core/index.ts';
import { useDesigner, useDoc, useLocation, useSelection } from '../DesignerContext.tsx';
import { pick } from '../text.ts';
import { CheckField, LocalizedField, SelectField, Section, TextField } from './controls.tsx';
import { DefaultValue } from './DefaultValue.tsx';
import { Limits } from './Limits.tsx';
import { OptionsEditor } from './OptionsEditor.tsx';
import { OptionsSource, SpecialProps } from './SpecialProps.tsx';
import { traitsOf } from './traits.ts';

/** The selected field's properties, or a pointer to the canvas when nothing is selected. */
export function FieldProperties() {
  const { t } = useTranslation();
  const selection = useSelection();
  const at = useLocation(selection);
  if (!at) {
    return (
      <div className="fl-dz-props__empty">
        <p>{t('designer.props.nothingSelected')}</p>
      </div>
    );
  }
  return <FieldEditor key={at.node.id} node={at.node} />;
}

/** Nulls a text whose both languages are empty, so the field drops it rather than keeping "". */
const orNull = (text: Localized) => (text.en.trim() === '' && text['zh-Hant'].trim() === '' ? null : text);

const FieldEditor = memo(function FieldEditor({ node }: { node: FieldNode }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { registry, run } = useDesigner();
  const advanced = node.type === ADVANCED_TYPE;
  const def = advanced ? undefined : registry.get(node.type);
  const update = useCallback((patch: FieldPatch) => run({ type: 'updateField', id: node.id, patch }), [run, node.id]);

  return (
    <form
      className="fl-dz-props"
      aria-label={t('designer.props.title', { label: pick(node.label, locale) || node.key })}
      onSubmit={(e) => e.preventDefault()}
    >
      <p className="fl-dz-props__type">
        <span className="fl-badge">{advanced ? t('designer.canvas.advanced') : def ? pick(def.label, locale) : node.type}</span>
        {def?.description && <span className="fl-muted">{pick(def.description, locale)}</span>}
      </p>
      <LocalizedField label={t('designer.props.label')} value={node.label} onCommit={(label) => update({ label })} />
      <KeyField node={node} />
      {def?.valueKind === 'none' ? (
        <StaticText node={node} onPatch={update} />
      ) : (
        <LocalizedField
          label={t('designer.props.help')}
          hint={t('designer.props.helpHint')}
          value={node.help}
          onCommit={(help) => update({ help: orNull(help) })}
        />
      )}
      {advanced ? <AdvancedFragment node={node} /> : def ? <TypedProps node={node} def={def} onPatch={update} /> : null}
    </form>
  );
});

/**
 * The key. It never follows the label by itself (answers are stored under it), but a freshly
 * dropped field's key comes from its type's name, so the panel offers the label's key in one click.
 */
function KeyField({ node }: { node: FieldNode }) {
  const { t } = useTranslation();
  const { store, run } = useDesigner();
  const doc = useDoc();
  const validate = (key: string) => {
    const code = validateKey(store.getState().doc, node.id, key);
    return code ? t(`designer.errors.${code}`) : null;
  };
  const fromLabel = node.label.en.trim() ? suggestKey(node.label, node.type, collectKeys(doc, new Set([node.id]))) : null;
  return (
    <div className="fl-dz-keyfield">
      <TextField
        label={t('designer.props.key')}
        hint={t('designer.props.keyHint')}
        value={node.key}
        mono
        commitDelay={null}
        validate={validate}
        onCommit={(key) => run({ type: 'setKey', id: node.id, key })}
      />
      {fromLabel && fromLabel !== node.key && (
        <button
          type="button"
          className="fl-btn fl-btn--ghost fl-dz-compact fl-dz-keyfield__suggest"
          onClick={() => run({ type: 'setKey', id: node.id, key: fromLabel })}
        >
          {t('designer.props.keyFromLabel', { key: fromLabel })}
        </button>
      )}
    </div>
  );
}

/** Static text: a heading or a paragraph. Its words are the label (heading) and the description. */
function StaticText({ node, onPatch }: { node: FieldNode; onPatch: (patch: FieldPatch) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <SelectField
        label={t('designer.props.variant')}
        value={node.props.variant ?? 'heading'}
        options={[
          { value: 'heading', label: t('designer.props.variants.heading') },
          { value: 'text', label: t('designer.props.variants.text') },
        ]}
        onChange={(variant) => onPatch({ props: { variant } })}
      />
      <LocalizedField
        label={t('designer.props.paragraph')}
        multiline
        value={node.description}
        onCommit={(description) => onPatch({ description: orNull(description) })}
      />
    </>
  );
}

function TypedProps({ node, def, onPatch }: { node: FieldNode; def: FieldTypeDefinition; onPatch: (patch: FieldPatch) => void }) {
  const { t } = useTranslation();
  const traits = traitsOf(def);
  const p = node.props;
  return (
    <>
      {traits.typed && (
        <LocalizedField
          label={t('designer.props.placeholder')}
          hint={t('designer.props.placeholderHint')}
          value={node.placeholder}
          onCommit={(placeholder) => onPatch({ placeholder: orNull(placeholder) })}
        />
      )}
      {traits.props.has('optionsFrom') && <OptionsSource node={node} />}
      {traits.options && !node.props.optionsFrom && <OptionsEditor node={node} def={def} />}
      <Section title={t('designer.props.answer')}>
        {traits.collectsAnswer && !traits.systemFilled && (
          <CheckField
            label={t('designer.props.required')}
            hint={t('designer.props.requiredHint')}
            checked={node.required}
            onChange={(required) => onPatch({ required })}
          />
        )}
        {traits.props.has('default') && !traits.systemFilled && <DefaultValue node={node} def={def} />}
        <Limits node={node} def={def} traits={traits} />
      </Section>
      <SpecialProps node={node} def={def} />
      <Section title={t('designer.props.display')}>
        {traits.collectsAnswer && (
          <CheckField
            label={t('designer.props.readOnly')}
            hint={t('designer.props.readOnlyHint')}
            checked={!!p.readOnly}
            onChange={(readOnly) => onPatch({ props: { readOnly: readOnly || undefined } })}
          />
        )}
        <CheckField
          label={t('designer.props.hidden')}
          hint={t('designer.props.hiddenHint')}
          checked={!!p.hidden}
          onChange={(hidden) => onPatch({ props: { hidden: hidden || undefined } })}
        />
        <SelectField<FieldWidth>
          label={t('designer.props.width')}
          value={p.width ?? 'full'}
          options={(['full', 'half', 'third'] as const).map((w) => ({ value: w, label: t(`designer.props.widths.${w}`) }))}
          onChange={(width) => onPatch({ props: { width: width === 'full' ? undefined : width } })}
        />
        {traits.props.has('columns') && (
          <SelectField
            label={t('designer.props.columns')}
            value={String(p.columns ?? 2)}
            options={[
              { value: '2', label: t('designer.props.columnsCount', { count: 2 }) },
              { value: '3', label: t('designer.props.columnsCount', { count: 3 }) },
            ]}
            onChange={(v) => onPatch({ props: { columns: v === '3' ? 3 : 2 } })}
          />
        )}
      </Section>
    </>
  );
}

/** A field the designer cannot model: its label and key are editable, the rest is shown as kept. */
function AdvancedFragment({ node }: { node: FieldNode }) {
  const { t } = useTranslation();
  return (
    <Section title={t('designer.props.advancedTitle')}>
      <p className="fl-dz-prop__hint">{t('designer.canvas.advancedNote')}</p>
      <pre className="fl-dz-props__json" tabIndex={0} aria-label={t('designer.props.advancedJson')}>
        {JSON.stringify(node.raw?.schema ?? {}, null, 2)}
      </pre>
    </Section>
  );
}
