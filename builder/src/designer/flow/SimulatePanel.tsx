/**
 * Route simulation: a submitter and sample answers for the fields the conditions read, run on the
 * server against the editor's current flow (saved or not). The steps list the actual people; the
 * canvas highlights the route.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserPicker, useLocale } from '@formloom/runtime';
import type { FlowDefinition, FlowNode, SimulateResult } from '@formloom/schemas';
import { conditionFieldPaths, isBlock } from '../../core/flow/index.ts';
import { useDesigner, useDoc } from '../DesignerContext.tsx';
import { describeError } from '../errors.ts';
import { pick } from '../text.ts';
import { useFlowApi } from './flowApi.ts';
import { conditionFields, type ConditionField } from './formFields.ts';

function usedPaths(nodes: readonly FlowNode[], out: string[][] = []): string[][] {
  for (const node of nodes)
    if (isBlock(node))
      for (const branch of node.branches) {
        if ('condition' in branch) conditionFieldPaths(branch.condition as never, out);
        usedPaths(branch.nodes, out);
      }
  return out;
}

/** Sets `value` at `path` in a copy of `data`, making the sections on the way. */
function setAt(data: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (!head) return data;
  const inner = (data[head] ?? {}) as Record<string, unknown>;
  const next = { ...data };
  if (value === undefined && rest.length === 0) delete next[head];
  else next[head] = rest.length ? setAt(inner, rest, value) : value;
  return next;
}

function getAt(data: Record<string, unknown>, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);
}

/** The ids the route passes through, for the canvas to highlight. */
export function routeIds(result: SimulateResult): Set<string> {
  const ids = new Set<string>();
  for (const step of result.steps) {
    ids.add(step.nodeId);
    for (const via of step.via) ids.add(via.nodeId).add(via.branchId);
    if (step.parallel) ids.add(step.parallel.nodeId).add(step.parallel.branchId);
  }
  if (result.error?.nodeId) ids.add(result.error.nodeId);
  return ids;
}

export function SimulatePanel({
  flow,
  blocked,
  onRoute,
}: {
  flow: FlowDefinition;
  blocked: boolean;
  onRoute: (ids: Set<string> | null) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { registry, form } = useDesigner();
  const doc = useDoc();
  const api = useFlowApi();
  const [submitterId, setSubmitterId] = useState<string | null>(null);
  const [data, setData] = useState<Record<string, unknown>>({});
  const [result, setResult] = useState<SimulateResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const fields = conditionFields(doc, registry);
  const sampleFields = usedPaths(flow.nodes)
    .map((path) => fields.find((f) => f.path.join('.') === path.join('.')))
    .filter((f): f is ConditionField => f !== undefined);

  const run = async () => {
    if (!submitterId) return;
    setRunning(true);
    setError(null);
    try {
      const answer = await api.simulate(form.id, { data, submitterId, workflow: flow });
      setResult(answer);
      onRoute(routeIds(answer));
    } catch (err) {
      setResult(null);
      onRoute(null);
      setError(describeError(t, err));
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="fl-dz-props" data-testid="simulate-panel">
      <h2 className="fl-flow-panel__title">{t('designer.flow.sim.title')}</h2>
      <p className="fl-dz-prop__hint">{t('designer.flow.sim.hint')}</p>
      <UserPicker id="flow-sim-submitter" label={t('designer.flow.sim.submitter')} value={submitterId} required onChange={setSubmitterId} />
      {sampleFields.map((field) => (
        <SampleInput
          key={field.path.join('.')}
          field={field}
          label={pick(field.node.label, locale) || field.path.join('.')}
          value={getAt(data, field.path)}
          onChange={(value) => setData((d) => setAt(d, field.path, value))}
        />
      ))}
      {blocked && <p className="fl-dz-prop__error">{t('designer.flow.sim.blocked')}</p>}
      <button
        type="button"
        className="fl-btn fl-btn--primary fl-flow-sim__run"
        disabled={!submitterId || running || blocked}
        onClick={run}
        data-testid="simulate-run"
      >
        {running ? t('designer.flow.sim.running') : t('designer.flow.sim.run')}
      </button>
      {error && (
        <p className="fl-dz-prop__error" role="alert">
          {error}
        </p>
      )}
      {result && <SimulationSteps result={result} />}
    </div>
  );
}

function SampleInput({
  field,
  label,
  value,
  onChange,
}: {
  field: ConditionField;
  label: string;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const id = useId();
  const [draft, setDraft] = useState(typeof value === 'number' ? String(value) : '');
  const options = field.node.props.options ?? [];
  if (field.kind === 'multi')
    return (
      <fieldset className="fl-dz-prop fl-dz-prop--group">
        <legend className="fl-dz-prop__label">{label}</legend>
        {options.map((o) => {
          const list = Array.isArray(value) ? (value as string[]) : [];
          return (
            <label key={o.value} className="fl-flow-check">
              <input
                type="checkbox"
                checked={list.includes(o.value)}
                onChange={(e) => onChange(e.target.checked ? [...list, o.value] : list.filter((v) => v !== o.value))}
              />
              {pick(o.label, locale) || o.value}
            </label>
          );
        })}
      </fieldset>
    );
  let control;
  if (field.kind === 'choice' || field.kind === 'boolean') {
    const choices =
      field.kind === 'boolean'
        ? [
            { value: 'true', label: t('designer.flow.cond.yes') },
            { value: 'false', label: t('designer.flow.cond.no') },
          ]
        : options.map((o) => ({ value: o.value, label: pick(o.label, locale) || o.value }));
    control = (
      <select
        id={id}
        className="fl-input fl-dz-prop__input"
        value={value === undefined ? '' : String(value)}
        onChange={(e) =>
          onChange(e.target.value === '' ? undefined : field.kind === 'boolean' ? e.target.value === 'true' : e.target.value)
        }
      >
        <option value="">{t('designer.flow.sim.noAnswer')}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    );
  } else
    control = (
      <input
        id={id}
        className="fl-input fl-dz-prop__input"
        type={field.kind === 'number' ? 'number' : field.kind === 'date' ? 'date' : 'text'}
        inputMode={field.kind === 'number' ? 'decimal' : undefined}
        value={field.kind === 'number' ? draft : value === undefined ? '' : String(value)}
        onChange={(e) => {
          const text = e.target.value;
          if (field.kind === 'number') {
            // Kept as typed ("1." on the way to "1.5"); the number is what is sent.
            setDraft(text);
            const n = Number(text);
            onChange(text.trim() === '' || !Number.isFinite(n) ? undefined : n);
          } else onChange(text === '' ? undefined : text);
        }}
      />
    );
  return (
    <div className="fl-dz-prop">
      <label htmlFor={id} className="fl-dz-prop__label">
        {label}
      </label>
      {control}
    </div>
  );
}

function SimulationSteps({ result }: { result: SimulateResult }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <div className="fl-flow-sim__result" data-testid="simulate-result" aria-live="polite">
      <h3>{t('designer.flow.sim.route')}</h3>
      {result.steps.length === 0 && !result.error && <p className="fl-dz-prop__hint">{t('designer.flow.sim.noSteps')}</p>}
      <ol className="fl-flow-sim__steps">
        {result.steps.map((step, i) => (
          <li key={`${step.nodeId}-${i}`} className="fl-flow-sim__step" data-testid={`simulate-step-${step.nodeId}`}>
            <span className="fl-flow-node__kind">{t(`designer.flow.kind.${step.type}`)}</span>
            <strong>{pick(step.name as never, locale) || step.name.en}</strong>
            {step.mode && step.users.length > 1 && <span className="fl-dz-prop__hint">{t(`designer.flow.mode.${step.mode}`)}</span>}
            <span className="fl-flow-sim__people">
              {step.users.length
                ? step.users.map((u) => u.name).join(t('designer.flow.cond.list'))
                : t(`designer.flow.sim.empty.${step.empty ?? 'skip'}`)}
            </span>
          </li>
        ))}
      </ol>
      {result.error && (
        <p className="fl-dz-prop__error" role="alert" data-testid="simulate-error">
          {t('designer.flow.sim.error', { message: result.error.message })}
        </p>
      )}
    </div>
  );
}
