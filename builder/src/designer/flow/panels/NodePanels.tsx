/** The side panel for what is selected on the flow canvas: an approval or CC node, a branch, the submitter. */
import { useTranslation } from 'react-i18next';
import { UserPicker } from '@formloom/runtime';
import type {
  ApprovalNode,
  CcNode,
  ConditionBranch,
  FieldPermissions,
  FlowDefinition,
  FlowText,
  ParallelBranch,
  SignMode,
  TimeLimit,
} from '@formloom/schemas';
import { locateFlowNode, updateFlowBranch, updateFlowNode, type FlowBlock, type FlowIssue } from '../../../core/flow/index.ts';
import type { Localized } from '../../../core/index.ts';
import { CheckField, LocalizedField, NumberField, Section, SelectField } from '../../properties/controls.tsx';
import { useFlowEdit, useWorkflow } from '../useFlow.ts';
import { ConditionEditor } from './ConditionEditor.tsx';
import { FieldPermissionsTable } from './FieldPermissions.tsx';
import { SourcesEditor } from './SourcesEditor.tsx';

const toLocalized = (text: FlowText | undefined): Localized => ({ en: text?.en ?? '', 'zh-Hant': text?.['zh-Hant'] ?? '' });
/** The model wants English; Chinese is left out when blank rather than stored empty. */
const toFlowText = (text: Localized): FlowText => (text['zh-Hant'].trim() ? { en: text.en, 'zh-Hant': text['zh-Hant'] } : { en: text.en });

function issueAt(issues: readonly FlowIssue[] | undefined, head: string): boolean {
  return !!issues?.some((i) => i.at[0] === head);
}

function NameField({
  value,
  onCommit,
  issues,
}: {
  value: FlowText | undefined;
  onCommit: (name: FlowText) => void;
  issues?: readonly FlowIssue[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <LocalizedField label={t('designer.flow.panel.name')} value={toLocalized(value)} onCommit={(text) => onCommit(toFlowText(text))} />
      {issueAt(issues, 'name') && (
        <p className="fl-dz-prop__error" role="alert">
          {t('designer.flow.issue.name')}
        </p>
      )}
    </>
  );
}

const MODES: SignMode[] = ['any', 'all', 'sequential'];

export function ApprovalPanel({ node, issues }: { node: ApprovalNode; issues?: readonly FlowIssue[] }) {
  const { t } = useTranslation();
  const edit = useFlowEdit();
  const update = (patch: Partial<ApprovalNode>) => edit((flow) => updateFlowNode<ApprovalNode>(flow, node.id, (n) => ({ ...n, ...patch })));
  const limit = node.timeLimit;
  const setLimit = (next: Partial<TimeLimit> | null) => {
    if (next === null) {
      const { timeLimit: _dropped, ...rest } = node;
      void _dropped;
      edit((flow) => updateFlowNode<ApprovalNode>(flow, node.id, () => rest as ApprovalNode));
    } else update({ timeLimit: { action: 'escalate', ...limit, ...next } as TimeLimit });
  };
  return (
    <div className="fl-dz-props" data-testid="approval-panel">
      <h2 className="fl-flow-panel__title">{t('designer.flow.kind.approval')}</h2>
      <Section title={t('designer.flow.panel.basics')}>
        <NameField value={node.name} issues={issues} onCommit={(name) => update({ name })} />
      </Section>
      <Section title={t('designer.flow.panel.approvers')}>
        <SourcesEditor
          testId="approvers"
          label={t('designer.flow.panel.approvers')}
          sources={node.approvers}
          error={issueAt(issues, 'approvers') ? t('designer.flow.issue.approvers') : null}
          onChange={(approvers) => update({ approvers })}
        />
      </Section>
      <Section title={t('designer.flow.panel.mode')}>
        <fieldset className="fl-dz-prop fl-dz-prop--group" role="radiogroup" aria-label={t('designer.flow.panel.mode')}>
          {MODES.map((mode) => (
            <label key={mode} className="fl-flow-choice">
              <input type="radio" name={`mode-${node.id}`} checked={node.mode === mode} onChange={() => update({ mode })} />
              <span>
                <strong>{t(`designer.flow.mode.${mode}`)}</strong>
                <span className="fl-dz-prop__hint">{t(`designer.flow.mode.${mode}Hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </Section>
      <Section title={t('signatures.designer.title')}>
        <CheckField
          label={t('signatures.designer.require')}
          hint={t('signatures.designer.requireHint')}
          checked={node.requireSignature === true}
          onChange={(requireSignature) => update({ requireSignature })}
        />
      </Section>
      <Section title={t('designer.flow.panel.empty')}>
        <SelectField
          label={t('designer.flow.panel.emptyLabel')}
          value={node.onEmpty}
          options={(['skip', 'admin', 'error'] as const).map((value) => ({ value, label: t(`designer.flow.empty.${value}`) }))}
          onChange={(onEmpty) => update({ onEmpty })}
        />
        {node.onEmpty === 'admin' && <FallbackAdmin />}
      </Section>
      <Section title={t('designer.flow.panel.timeLimit')}>
        <CheckField
          label={t('designer.flow.limit.on')}
          checked={limit !== undefined}
          onChange={(on) => setLimit(on ? { remindAfterHours: 24, actAfterHours: 48 } : null)}
        />
        {limit && (
          <>
            <NumberField
              label={t('designer.flow.limit.remind')}
              value={limit.remindAfterHours}
              error={issueAt(issues, 'timeLimit') ? t('designer.flow.issue.timeLimit') : null}
              onCommit={(remindAfterHours) => setLimit({ remindAfterHours })}
            />
            <NumberField
              label={t('designer.flow.limit.act')}
              value={limit.actAfterHours}
              onCommit={(actAfterHours) => setLimit({ actAfterHours })}
            />
            <SelectField
              label={t('designer.flow.limit.action')}
              value={limit.action}
              options={(['escalate', 'approve', 'reject'] as const).map((value) => ({ value, label: t(`designer.flow.limit.${value}`) }))}
              onChange={(action) => setLimit({ action })}
            />
          </>
        )}
      </Section>
      <Section title={t('designer.flow.panel.fields')}>
        <p className="fl-dz-prop__hint">{t('designer.flow.perm.approvalHint')}</p>
        <FieldPermissionsTable
          value={node.fieldPermissions}
          fallback="readonly"
          onChange={(fieldPermissions) => update({ fieldPermissions })}
        />
      </Section>
    </div>
  );
}

/** Who gets steps that resolve to nobody under "give it to an administrator": one person for the whole flow. */
function FallbackAdmin() {
  const { t } = useTranslation();
  const edit = useFlowEdit();
  const flow = useWorkflow();
  return (
    <>
      <UserPicker
        id="flow-fallback-admin"
        label={t('designer.flow.panel.fallbackAdmin')}
        value={flow?.fallbackAdminId ?? null}
        onChange={(id) =>
          edit((f) => {
            const { fallbackAdminId: _old, ...rest } = f;
            void _old;
            return id ? { ...rest, fallbackAdminId: id } : rest;
          })
        }
      />
      <p className="fl-dz-prop__hint">{t('designer.flow.panel.fallbackAdminHint')}</p>
    </>
  );
}

export function CcPanel({ node, issues }: { node: CcNode; issues?: readonly FlowIssue[] }) {
  const { t } = useTranslation();
  const edit = useFlowEdit();
  const update = (patch: Partial<CcNode>) => edit((flow) => updateFlowNode<CcNode>(flow, node.id, (n) => ({ ...n, ...patch })));
  return (
    <div className="fl-dz-props" data-testid="cc-panel">
      <h2 className="fl-flow-panel__title">{t('designer.flow.kind.cc')}</h2>
      <Section title={t('designer.flow.panel.basics')}>
        <NameField value={node.name} issues={issues} onCommit={(name) => update({ name })} />
      </Section>
      <Section title={t('designer.flow.panel.recipients')}>
        <p className="fl-dz-prop__hint">{t('designer.flow.panel.ccHint')}</p>
        <SourcesEditor
          testId="recipients"
          label={t('designer.flow.panel.recipients')}
          sources={node.recipients}
          error={issueAt(issues, 'recipients') ? t('designer.flow.issue.recipients') : null}
          onChange={(recipients) => update({ recipients })}
        />
      </Section>
    </div>
  );
}

export function SubmitterPanel({ flow }: { flow: FlowDefinition }) {
  const { t } = useTranslation();
  const edit = useFlowEdit();
  return (
    <div className="fl-dz-props" data-testid="submitter-panel">
      <h2 className="fl-flow-panel__title">{t('designer.flow.kind.submitter')}</h2>
      <Section title={t('designer.flow.panel.fields')}>
        <p className="fl-dz-prop__hint">{t('designer.flow.perm.submitterHint')}</p>
        <FieldPermissionsTable
          value={flow.submitterFieldPermissions}
          fallback="editable"
          onChange={(submitterFieldPermissions: FieldPermissions) => edit((f) => ({ ...f, submitterFieldPermissions }))}
        />
      </Section>
    </div>
  );
}

export function BranchPanel({
  flow,
  blockId,
  branchId,
  issues,
}: {
  flow: FlowDefinition;
  blockId: string;
  branchId: string;
  issues?: readonly FlowIssue[];
}) {
  const { t } = useTranslation();
  const edit = useFlowEdit();
  const block = locateFlowNode(flow, blockId)?.node as FlowBlock | undefined;
  const index = block?.branches.findIndex((b) => b.id === branchId) ?? -1;
  if (!block || index < 0) return null;
  const branch = block.branches[index] as ConditionBranch | ParallelBranch;
  const isCondition = block.type === 'branch';
  const isDefault = isCondition && index === block.branches.length - 1;
  const update = (patch: Partial<ConditionBranch>) =>
    edit((f) => updateFlowBranch<ConditionBranch>(f, blockId, branchId, (b) => ({ ...b, ...patch })));
  return (
    <div className="fl-dz-props" data-testid="branch-panel">
      <h2 className="fl-flow-panel__title">
        {t(isDefault ? 'designer.flow.kind.otherwise' : isCondition ? 'designer.flow.kind.condition' : 'designer.flow.kind.lane')}
      </h2>
      <Section title={t('designer.flow.panel.basics')}>
        <NameField value={branch.name} issues={issues} onCommit={(name) => update({ name })} />
      </Section>
      {isCondition && (
        <Section title={t('designer.flow.panel.condition')}>
          {isDefault ? (
            <p className="fl-dz-prop__hint">{t('designer.flow.otherwiseSummary')}</p>
          ) : (
            <>
              <p className="fl-dz-prop__hint">{t('designer.flow.cond.priorityHint', { n: index + 1 })}</p>
              <ConditionEditor condition={(branch as ConditionBranch).condition} onChange={(condition) => update({ condition })} />
              {issueAt(issues, 'condition') && (
                <p className="fl-dz-prop__error" role="alert">
                  {issues!.find((i) => i.at[0] === 'condition')!.message.startsWith('The form has no field')
                    ? issues!.find((i) => i.at[0] === 'condition')!.message
                    : t('designer.flow.issue.condition')}
                </p>
              )}
            </>
          )}
        </Section>
      )}
    </div>
  );
}
