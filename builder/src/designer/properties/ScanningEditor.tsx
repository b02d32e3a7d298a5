import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import {
  fitsScanTarget,
  GS1_PARTS,
  SCAN_DEFAULTS,
  scanTargetProblems,
  trimScanning,
  type FieldNode,
  type ScanningOptions,
  type ScanTarget,
} from '../../core/index.ts';
import { useDoc, useLocation } from '../DesignerContext.tsx';
import { CheckField, NumberField, Section, SelectField } from './controls.tsx';
import { useQuietPatch } from './SpecialProps.tsx';

type Choice = { value: string; label: string };

/** The fields at the barcode field's level (the runtime fills keys beside it), itself included. */
function useSiblings(node: FieldNode): readonly FieldNode[] {
  const doc = useDoc();
  const location = useLocation(node.id);
  return location?.parent?.children ?? doc.fields;
}

/**
 * A barcode field's scanning: keep the camera open, what a repeat of the same code is, and which
 * fields beside it a GS1 label fills. A slot naming a field that is gone (deleted, or moved out of
 * this level) or of the wrong type stays shown with the reason, so it is never dropped unnoticed.
 */
export function ScanningEditor({ node }: { node: FieldNode }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { error, patch } = useQuietPatch(node);
  const siblings = useSiblings(node);
  const [windowError, setWindowError] = useState<string | null>(null);
  const scanning: ScanningOptions = node.props.scanning ?? {};
  const save = (next: ScanningOptions) => patch({ scanning: trimScanning(next) });

  const problems = new Map(scanTargetProblems(node, siblings).map((p) => [p.target, p]));
  const choicesFor = (target: ScanTarget, current: string | undefined): Choice[] => {
    const fitting = siblings
      .filter((f) => f.id !== node.id && fitsScanTarget(target, f))
      .map((f) => {
        const title = (f.label[locale] || f.label.en).trim();
        return { value: f.key, label: title ? `${title} (${f.key})` : f.key };
      });
    const gone = current !== undefined && !fitting.some((c) => c.value === current);
    return gone ? [{ value: current, label: t('designer.scanning.notUsable', { key: current }) }, ...fitting] : fitting;
  };
  const problemText = (target: ScanTarget) => {
    const problem = problems.get(target);
    return problem ? t(`designer.scanning.${problem.reason}`, { key: problem.key }) : null;
  };

  const numberFields = choicesFor('countField', undefined);
  const countInto = scanning.countField ?? scanning.gs1?.count;
  const setWindow = (seconds: number | undefined) => {
    if (seconds !== undefined && !(seconds >= 0 && seconds * 1000 <= SCAN_DEFAULTS.maxDuplicateWindowMs)) {
      setWindowError(t('designer.scanning.windowRange', { max: SCAN_DEFAULTS.maxDuplicateWindowMs / 1000 }));
      return;
    }
    setWindowError(null);
    save({ ...scanning, duplicateWindowMs: seconds === undefined ? undefined : Math.round(seconds * 1000) });
  };

  return (
    <Section title={t('designer.scanning.title')}>
      {error && (
        <p className="fl-dz-prop__error" role="alert">
          {error}
        </p>
      )}
      <CheckField
        label={t('designer.scanning.continuous')}
        hint={t('designer.scanning.continuousHint')}
        checked={scanning.continuous === true}
        onChange={(continuous) => save({ ...scanning, continuous })}
      />
      <NumberField
        label={t('designer.scanning.window')}
        hint={t('designer.scanning.windowHint', { seconds: SCAN_DEFAULTS.duplicateWindowMs / 1000 })}
        error={windowError}
        value={(scanning.duplicateWindowMs ?? SCAN_DEFAULTS.duplicateWindowMs) / 1000}
        onCommit={setWindow}
      />
      <RepeatChoice
        value={scanning.duplicates === 'count' ? 'count' : 'ignore'}
        canCount={numberFields.length > 0 || scanning.duplicates === 'count'}
        onChange={(duplicates) =>
          save({ ...scanning, duplicates, countField: duplicates === 'count' ? (countInto ?? numberFields[0]?.value) : undefined })
        }
      />
      {scanning.duplicates === 'count' && (
        <SelectField
          label={t('designer.scanning.countInto')}
          error={problemText(scanning.countField === undefined ? 'count' : 'countField')}
          value={countInto ?? ''}
          options={[{ value: '', label: t('designer.scanning.none') }, ...choicesFor('countField', countInto)]}
          onChange={(countField) => save({ ...scanning, countField: countField || undefined })}
        />
      )}
      <fieldset className="fl-dz-prop fl-dz-prop--group">
        <legend className="fl-dz-prop__label">{t('designer.scanning.gs1Title')}</legend>
        <p className="fl-dz-prop__hint">{t('designer.scanning.gs1Hint')}</p>
        {GS1_PARTS.map((part) => (
          <SelectField
            key={part}
            label={t(`designer.scanning.gs1.${part}`)}
            error={problemText(part)}
            value={scanning.gs1?.[part] ?? ''}
            options={[{ value: '', label: t('designer.scanning.none') }, ...choicesFor(part, scanning.gs1?.[part])]}
            onChange={(key) => save({ ...scanning, gs1: { ...scanning.gs1, [part]: key || undefined } })}
          />
        ))}
      </fieldset>
    </Section>
  );
}

function RepeatChoice({
  value,
  canCount,
  onChange,
}: {
  value: 'ignore' | 'count';
  canCount: boolean;
  onChange: (value: 'ignore' | 'count') => void;
}) {
  const { t } = useTranslation();
  const name = useId();
  const hintId = `${name}-hint`;
  return (
    <fieldset className="fl-dz-prop fl-dz-prop--group" aria-describedby={canCount ? undefined : hintId}>
      <legend className="fl-dz-prop__label">{t('designer.scanning.repeat')}</legend>
      {(['ignore', 'count'] as const).map((option) => (
        <label key={option} className="fl-dz-prop__choice">
          <input
            type="radio"
            name={name}
            value={option}
            checked={value === option}
            disabled={option === 'count' && !canCount}
            onChange={() => onChange(option)}
          />
          {t(`designer.scanning.${option}`)}
        </label>
      ))}
      {!canCount && (
        <p id={hintId} className="fl-dz-prop__hint">
          {t('designer.scanning.countNeedsNumber')}
        </p>
      )}
    </fieldset>
  );
}

/**
 * On the canvas, under a barcode field whose scanning names a field that is gone or cannot hold the
 * value: the form still saves (the runtime skips such a key), so this is where it gets noticed.
 */
export function ScanTargetWarning({ node }: { node: FieldNode }) {
  const { t } = useTranslation();
  const problems = scanTargetProblems(node, useSiblings(node));
  if (problems.length === 0) return null;
  return (
    <p className="fl-dz-field__problem" data-testid="scan-target-warning">
      {t('designer.scanning.canvasWarning', { keys: [...new Set(problems.map((p) => p.key))].join(', ') })}
    </p>
  );
}
