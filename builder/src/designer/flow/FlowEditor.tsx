/**
 * The "Flow" side of the designer: the approval flow drawn as a vertical chart with a side panel for
 * what is selected, the route simulation, and "No approval flow" with a button when there is none.
 * Problems are marked on their nodes: the ones found here before saving, and the server's
 * 422 invalid_workflow details (a person or department it does not know).
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@formloom/runtime';
import type { ApprovalNode, CcNode, FlowDefinition } from '@formloom/schemas';
import { emptyFlow, groupIssues, locateFlowNode, parseIssuePath, type FlowIssue, type FlowIssues } from '../../core/flow/index.ts';
import type { Autosave } from '../autosave.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { useDesigner } from '../DesignerContext.tsx';
import { FlowCanvas } from './FlowCanvas.tsx';
import { ApprovalPanel, BranchPanel, CcPanel, SubmitterPanel } from './panels/NodePanels.tsx';
import type { FlowSelection } from './selection.ts';
import { SimulatePanel } from './SimulatePanel.tsx';
import { useFlowIssues } from './useFlowIssues.ts';
import { FlowNamesProvider } from './useNames.tsx';
import { useWorkflow } from './useFlow.ts';
import './flow.css';

/** The server's invalid_workflow details from the last failed save, by node. */
function useServerIssues(autosave: Autosave, flow: FlowDefinition | null): FlowIssues {
  const status = useSyncExternalStore(autosave.subscribe, autosave.getStatus, autosave.getStatus);
  return useMemo(() => {
    if (!flow || status.state !== 'failed' || !isApiError(status.error, 'invalid_workflow')) return new Map();
    const details = status.error.validationDetails;
    return groupIssues(
      flow,
      details.map((d) => ({ path: parseIssuePath(d.path), message: d.message })),
    );
  }, [status, flow]);
}

function merge(a: FlowIssues, b: FlowIssues): FlowIssues {
  if (b.size === 0) return a;
  const out = new Map<string, FlowIssue[]>(a);
  for (const [id, list] of b) out.set(id, [...(out.get(id) ?? []), ...list]);
  return out;
}

export function FlowEditor({ autosave }: { autosave: Autosave }) {
  const { t } = useTranslation();
  const { run, announce } = useDesigner();
  const flow = useWorkflow();
  const local = useFlowIssues();
  const server = useServerIssues(autosave, flow);
  const issues = useMemo(() => merge(local, server), [local, server]);
  const [selection, setSelection] = useState<FlowSelection>(null);
  const [route, setRoute] = useState<Set<string> | null>(null);
  const [confirming, setConfirming] = useState(false);

  // Any change to the flow makes the last simulated route stale.
  useEffect(() => setRoute(null), [flow]);

  if (!flow)
    return (
      <div className="fl-flow fl-flow--empty" data-testid="flow-empty">
        <div className="fl-flow-emptystate">
          <h2>{t('designer.flow.none')}</h2>
          <p>{t('designer.flow.noneHint')}</p>
          <button
            type="button"
            className="fl-btn fl-btn--primary"
            data-testid="flow-create"
            onClick={() => {
              if (run({ type: 'setWorkflow', workflow: emptyFlow() }).ok) announce(t('designer.flow.announce.created'));
            }}
          >
            {t('designer.flow.create')}
          </button>
        </div>
      </div>
    );

  const issueCount = [...issues.values()].reduce((n, list) => n + list.length, 0);
  let panel = null;
  if (selection?.kind === 'simulate') panel = <SimulatePanel flow={flow} blocked={local.size > 0} onRoute={setRoute} />;
  else if (selection?.kind === 'submitter') panel = <SubmitterPanel flow={flow} />;
  else if (selection?.kind === 'branch')
    panel = <BranchPanel flow={flow} blockId={selection.blockId} branchId={selection.branchId} issues={issues.get(selection.branchId)} />;
  else if (selection?.kind === 'node') {
    const node = locateFlowNode(flow, selection.id)?.node;
    if (node?.type === 'approval') panel = <ApprovalPanel key={node.id} node={node as ApprovalNode} issues={issues.get(node.id)} />;
    else if (node?.type === 'cc') panel = <CcPanel key={node.id} node={node as CcNode} issues={issues.get(node.id)} />;
  }

  return (
    <FlowNamesProvider flow={flow}>
      <div className="fl-flow" data-testid="flow-editor">
        <div className="fl-flow-bar">
          <p className={`fl-flow-bar__status${issueCount ? ' has-issues' : ''}`} data-testid="flow-status" role="status">
            {issueCount ? t('designer.flow.status.issues', { count: issueCount }) : t('designer.flow.status.ready')}
          </p>
          <button
            type="button"
            className="fl-btn fl-btn--secondary"
            aria-pressed={selection?.kind === 'simulate'}
            data-testid="flow-simulate"
            onClick={() => setSelection(selection?.kind === 'simulate' ? null : { kind: 'simulate' })}
          >
            {t('designer.flow.sim.open')}
          </button>
          <button type="button" className="fl-btn fl-btn--ghost" data-testid="flow-remove" onClick={() => setConfirming(true)}>
            {t('designer.flow.removeFlow')}
          </button>
        </div>
        <div className="fl-flow-body">
          <FlowCanvas flow={flow} selection={selection} onSelect={setSelection} issues={issues} highlight={route} />
          <aside className="fl-flow-side" aria-label={t('designer.flow.panel.label')}>
            {panel ?? <p className="fl-flow-side__hint">{t('designer.flow.panel.pick')}</p>}
          </aside>
        </div>
        {confirming && (
          <ConfirmDialog
            title={t('designer.flow.removeTitle')}
            confirmLabel={t('designer.flow.removeConfirm')}
            cancelLabel={t('designer.flow.cancel')}
            onCancel={() => setConfirming(false)}
            onConfirm={() => {
              setConfirming(false);
              setSelection(null);
              if (run({ type: 'setWorkflow', workflow: null }).ok) announce(t('designer.flow.announce.flowRemoved'));
            }}
          >
            <p>{t('designer.flow.removeBody')}</p>
          </ConfirmDialog>
        )}
      </div>
    </FlowNamesProvider>
  );
}
