import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldTypeDefinition } from '@formloom/schemas';
import { PATTERN_PRESETS, patternProblem, type FieldNode, type FieldProps, type PatternPreset } from '../../core/index.ts';
import { useDesigner } from '../DesignerContext.tsx';
import { describeError } from '../errors.ts';
import { CheckField, NumberField, SelectField, TextField } from './controls.tsx';
import { acceptsPattern, type Traits } from './traits.ts';

type PatternChoice = PatternPreset | 'none' | 'custom';
const presets = Object.keys(PATTERN_PRESETS) as PatternPreset[];

/** Limits on the answer: a number's range, a text's length and shape, how many choices. */
export function Limits({ node, def, traits }: { node: FieldNode; def: FieldTypeDefinition; traits: Traits }) {
  const { t } = useTranslation();
  const { run } = useDesigner();
  const [errors, setErrors] = useState<Partial<Record<keyof FieldProps, string>>>({});
  const p = node.props;
  const pairs = { minimum: 'maximum', minLength: 'maxLength', minItems: 'maxItems' } as const;
  const set = (name: keyof FieldProps, patch: Partial<FieldProps>) => {
    // Say which way round it is, rather than the store's general "does not fit".
    for (const [low, high] of Object.entries(pairs) as [keyof typeof pairs, (typeof pairs)[keyof typeof pairs]][]) {
      const a = low in patch ? patch[low] : p[low];
      const b = high in patch ? patch[high] : p[high];
      if (typeof a === 'number' && typeof b === 'number' && a > b) {
        setErrors((e) => ({
          ...e,
          [name]: t('designer.props.lowAboveHigh', { low: t(`designer.props.${low}`), high: t(`designer.props.${high}`) }),
        }));
        return;
      }
    }
    const result = run({ type: 'updateField', id: node.id, patch: { props: patch } }, { quiet: true });
    setErrors((e) => ({ ...e, [name]: result.ok ? undefined : describeError(t, result.error) }));
  };
  const number = (name: 'minimum' | 'maximum' | 'minLength' | 'maxLength' | 'minItems' | 'maxItems', integer = false) => (
    <NumberField
      label={t(`designer.props.${name}`)}
      value={p[name]}
      integer={integer}
      error={errors[name]}
      onCommit={(value) => set(name, { [name]: value })}
    />
  );

  if (traits.systemFilled) return null;
  const numeric = def.valueKind === 'number' && traits.props.has('minimum');
  const textual = traits.typed && def.valueKind === 'string' && traits.props.has('minLength');
  const choice: PatternChoice = p.patternPreset ?? (p.pattern !== undefined ? 'custom' : 'none');
  return (
    <>
      {numeric && (
        <div className="fl-dz-prop__pair">
          {number('minimum')}
          {number('maximum')}
        </div>
      )}
      {numeric && def.schema.type !== 'integer' && (
        <CheckField
          label={t('designer.props.integer')}
          checked={!!p.integer}
          onChange={(integer) => set('integer', { integer: integer || undefined })}
        />
      )}
      {textual && (
        <div className="fl-dz-prop__pair">
          {number('minLength', true)}
          {number('maxLength', true)}
        </div>
      )}
      {textual && acceptsPattern(def) && (
        <>
          <SelectField<PatternChoice>
            label={t('designer.props.pattern')}
            hint={t('designer.props.patternHint')}
            value={choice}
            error={errors.patternPreset}
            options={[
              { value: 'none', label: t('designer.props.patterns.none') },
              ...presets.map((preset) => ({ value: preset, label: t(`designer.props.patterns.${preset}`) })),
              { value: 'custom', label: t('designer.props.patterns.custom') },
            ]}
            onChange={(next) =>
              set(
                'patternPreset',
                next === 'none'
                  ? { patternPreset: undefined, pattern: undefined }
                  : next === 'custom'
                    ? { patternPreset: undefined, pattern: p.pattern ?? '' }
                    : { patternPreset: next, pattern: undefined },
              )
            }
          />
          {choice === 'custom' && (
            <TextField
              label={t('designer.props.customPattern')}
              hint={t('designer.props.customPatternHint')}
              mono
              value={p.pattern ?? ''}
              commitDelay={null}
              error={errors.pattern}
              validate={(text) => {
                const problem = patternProblem(text);
                return problem ? t('designer.props.patternInvalid', { reason: problem }) : null;
              }}
              onCommit={(pattern) => set('pattern', { pattern })}
            />
          )}
        </>
      )}
      {def.valueKind === 'array' && traits.props.has('minItems') && traits.options && (
        <div className="fl-dz-prop__pair">
          {number('minItems', true)}
          {number('maxItems', true)}
        </div>
      )}
    </>
  );
}
