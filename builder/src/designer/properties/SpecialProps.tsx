import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAsync, useLocale } from '@formloom/runtime';
import { compileExpression, isExpressionError, localizeForm, type FieldTypeDefinition } from '@formloom/schemas';
import { collectKeys, type FieldNode } from '../../core/index.ts';
import { useDesignerApi } from '../../api/DesignerApiContext.tsx';
import { useDesigner, useDoc } from '../DesignerContext.tsx';
import { describeError } from '../errors.ts';
import { SelectField, Section, TextField } from './controls.tsx';
import { FillMap } from './FillMap.tsx';
import { GeofenceEditor } from './GeofenceEditor.tsx';
import { ScanningEditor } from './ScanningEditor.tsx';
import { traitsOf } from './traits.ts';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The props only one kind of field has: a calculation's formula, an auto number's pattern, a link's target. */
export function SpecialProps({ node, def }: { node: FieldNode; def: FieldTypeDefinition }) {
  const { props } = traitsOf(def);
  if (props.has('expression')) return <ExpressionEditor node={node} />;
  if (props.has('autonumberPattern')) return <AutonumberPattern node={node} />;
  if (props.has('relation')) return <RelationTarget node={node} />;
  if (props.has('geofence')) return <GeofenceEditor node={node} />;
  if (props.has('scanning')) return <ScanningEditor node={node} />;
  return null;
}

export function useQuietPatch(node: FieldNode) {
  const { t } = useTranslation();
  const { run } = useDesigner();
  const [error, setError] = useState<string | null>(null);
  const patch = (props: Partial<FieldNode['props']>) => {
    const result = run({ type: 'updateField', id: node.id, patch: { props } }, { quiet: true });
    setError(result.ok ? null : describeError(t, result.error));
  };
  return { error, patch };
}

/** The formula, parsed as typed: syntax errors and unknown field names show under it. */
function ExpressionEditor({ node }: { node: FieldNode }) {
  const { t } = useTranslation();
  const doc = useDoc();
  const { error, patch } = useQuietPatch(node);
  const keys = useMemo(() => collectKeys(doc), [doc]);
  const problem = (source: string): string | null => {
    if (source.trim() === '') return null;
    try {
      const { references } = compileExpression(source);
      const unknown = references.map((r) => r.split('.')[0]).find((name) => !keys.has(name) || name === node.key);
      if (unknown === node.key) return t('designer.expression.self');
      return unknown ? t('designer.expression.unknownField', { name: unknown }) : null;
    } catch (err) {
      if (!isExpressionError(err)) throw err;
      const column = err.position === undefined ? 1 : err.position + 1;
      return t('designer.expression.syntax', {
        column,
        reason: t(`designer.expression.errors.${err.code}`, { defaultValue: err.message }),
      });
    }
  };
  return (
    <Section title={t('designer.expression.title')}>
      <TextField
        label={t('designer.expression.label')}
        hint={t('designer.expression.hint')}
        multiline
        mono
        value={node.props.expression ?? ''}
        error={error}
        validate={problem}
        onCommit={(expression) => patch({ expression: expression.trim() === '' ? undefined : expression })}
      />
    </Section>
  );
}

/** Mirrors the server's check (one counter of zeros; {YYYY} {YY} {MM} {DD}), so a typo shows before saving. */
export function autonumberProblem(pattern: string): 'tooLong' | 'unknownPlaceholder' | 'stray' | 'oneCounter' | null {
  if (pattern.length > 100) return 'tooLong';
  let counters = 0;
  for (const m of pattern.matchAll(/\{([^{}]*)\}|([^{}]+)|([{}])/g)) {
    if (m[3]) return 'stray';
    if (m[1] === undefined) continue;
    if (/^0{1,12}$/.test(m[1])) counters++;
    else if (!['YYYY', 'YY', 'MM', 'DD'].includes(m[1])) return 'unknownPlaceholder';
  }
  return counters === 1 ? null : 'oneCounter';
}

function AutonumberPattern({ node }: { node: FieldNode }) {
  const { t } = useTranslation();
  const { error, patch } = useQuietPatch(node);
  return (
    <Section title={t('designer.autonumber.title')}>
      <TextField
        label={t('designer.autonumber.label')}
        hint={t('designer.autonumber.hint')}
        mono
        placeholder="PR-{YYYY}-{0000}"
        value={node.props.autonumberPattern ?? ''}
        error={error}
        validate={(text) => {
          const code = text === '' ? null : autonumberProblem(text);
          return code ? t(`designer.autonumber.errors.${code}`) : null;
        }}
        onCommit={(autonumberPattern) => patch({ autonumberPattern: autonumberPattern === '' ? undefined : autonumberPattern })}
      />
    </Section>
  );
}

/** Which form a linked-record field points at, and which of its fields names a record. */
function RelationTarget({ node }: { node: FieldNode }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useDesignerApi();
  const { form } = useDesigner();
  const { error, patch } = useQuietPatch(node);
  const forms = useAsync(() => api.listForms(form.appId), [api, form.appId]);
  const relation = node.props.relation;
  if (forms.status !== 'ok') {
    return (
      <Section title={t('designer.relation.title')}>
        <p className="fl-dz-prop__hint">{forms.status === 'loading' ? t('designer.relation.loading') : describeError(t, forms.error)}</p>
      </Section>
    );
  }
  const others = forms.data.filter((f) => f.id !== form.id);
  const target = others.find((f) => f.id === relation?.formId);
  const fields = target
    ? fieldsOf(target.published?.schema ?? target.draft.schema, target.published?.uiSchema ?? target.draft.uiSchema, locale)
    : [];
  return (
    <Section title={t('designer.relation.title')}>
      <SelectField
        label={t('designer.relation.form')}
        hint={relation ? undefined : t('designer.relation.required')}
        error={error}
        value={relation?.formId ?? ''}
        options={[{ value: '', label: t('designer.relation.chooseForm') }, ...others.map((f) => ({ value: f.id, label: f.name }))]}
        onChange={(formId) => patch({ relation: formId ? { formId } : undefined })}
      />
      {target && (
        <SelectField
          label={t('designer.relation.displayField')}
          hint={t('designer.relation.displayFieldHint')}
          value={relation?.displayField ?? ''}
          options={[{ value: '', label: t('designer.relation.firstText') }, ...fields]}
          onChange={(displayField) =>
            patch({
              relation: {
                formId: target.id,
                ...(displayField ? { displayField } : {}),
                ...(relation?.fill ? { fill: relation.fill } : {}),
              },
            })
          }
        />
      )}
      {target && (
        <FillMap
          node={node}
          sources={fields}
          fill={relation?.fill}
          onChange={(fill) =>
            patch({
              relation: {
                formId: target.id,
                ...(relation?.displayField ? { displayField: relation.displayField } : {}),
                ...(fill ? { fill } : {}),
              },
            })
          }
        />
      )}
    </Section>
  );
}

/**
 * Where a single choice's options come from: the list typed in the options editor, or the values of
 * one field across another form's records (`ui:options.optionsFrom`). Switching drops the other.
 */
export function OptionsSource({ node }: { node: FieldNode }) {
  const { t } = useTranslation();
  const { error, patch } = useQuietPatch(node);
  const source = node.props.optionsFrom;
  return (
    <Section title={t('designer.optionsFrom.title')}>
      <SelectField
        label={t('designer.optionsFrom.source')}
        error={error}
        value={source ? 'form' : 'list'}
        options={[
          { value: 'list', label: t('designer.optionsFrom.list') },
          { value: 'form', label: t('designer.optionsFrom.form') },
        ]}
        onChange={(value) => patch(value === 'form' ? { optionsFrom: { formId: '' }, options: undefined } : { optionsFrom: undefined })}
      />
      {source && <OptionsSourcePicker node={node} source={source} />}
    </Section>
  );
}

function OptionsSourcePicker({ node, source }: { node: FieldNode; source: NonNullable<FieldNode['props']['optionsFrom']> }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useDesignerApi();
  const { form } = useDesigner();
  const { error, patch } = useQuietPatch(node);
  const forms = useAsync(() => api.listForms(form.appId), [api, form.appId]);
  if (forms.status !== 'ok') {
    return (
      <p className="fl-dz-prop__hint">{forms.status === 'loading' ? t('designer.relation.loading') : describeError(t, forms.error)}</p>
    );
  }
  const others = forms.data.filter((f) => f.id !== form.id);
  const target = others.find((f) => f.id === source.formId);
  const fields = target
    ? fieldsOf(target.published?.schema ?? target.draft.schema, target.published?.uiSchema ?? target.draft.uiSchema, locale)
    : [];
  return (
    <>
      <SelectField
        label={t('designer.optionsFrom.sourceForm')}
        hint={target ? undefined : t('designer.optionsFrom.required')}
        error={error}
        value={source.formId}
        options={[{ value: '', label: t('designer.relation.chooseForm') }, ...others.map((f) => ({ value: f.id, label: f.name }))]}
        onChange={(formId) => patch({ optionsFrom: { formId } })}
      />
      {target && (
        <SelectField
          label={t('designer.optionsFrom.field')}
          hint={t('designer.optionsFrom.fieldHint')}
          value={source.field ?? ''}
          options={[{ value: '', label: t('designer.optionsFrom.chooseField') }, ...fields]}
          onChange={(field) =>
            patch({ optionsFrom: { formId: target.id, ...(field ? { field } : {}), ...(source.fill ? { fill: source.fill } : {}) } })
          }
        />
      )}
      {target && (
        <FillMap
          node={node}
          sources={fields}
          fill={source.fill}
          hint={t('designer.fill.hintOptionsFrom')}
          onChange={(fill) =>
            patch({ optionsFrom: { formId: target.id, ...(source.field ? { field: source.field } : {}), ...(fill ? { fill } : {}) } })
          }
        />
      )}
    </>
  );
}

/** The top-level fields of another form, titled in the UI language. */
function fieldsOf(schema: JsonObject, uiSchema: JsonObject, locale: 'en' | 'zh-Hant'): { value: string; label: string }[] {
  const localized = localizeForm(schema, uiSchema, locale).schema;
  const properties = isObject(localized.properties) ? localized.properties : {};
  return Object.entries(properties)
    .filter(([, s]) => isObject(s) && s.type !== 'object' && s.type !== 'array' && s.type !== 'null')
    .map(([key, s]) => ({ value: key, label: isObject(s) && typeof s.title === 'string' ? `${s.title} (${key})` : key }));
}
