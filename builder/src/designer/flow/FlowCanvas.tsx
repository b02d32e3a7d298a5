/**
 * The flow drawn top to bottom as DingTalk and Yida draw it: the submitter, each node as a card
 * with a "+" between cards, branch blocks as columns side by side, and the end. Clicking a card
 * opens it in the side panel; its tools move it within its column or remove it.
 */
import { memo, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import type { ApprovalNode, CcNode, ConditionBranch, FlowDefinition, FlowNode, ParallelBranch } from '@formloom/schemas';
import {
  addFlowBranch,
  createFlowNode,
  describeCondition,
  describeSource,
  flowIdMaker,
  insertFlowNode,
  isBlock,
  moveFlowBranch,
  moveFlowNode,
  removeFlowBranch,
  removeFlowNode,
  SUBMITTER_KEY,
  type FlowBlock,
  type FlowIssues,
  type FlowNodeKind,
  type FlowParent,
  type FlowSlot,
} from '../../core/flow/index.ts';
import { useDesigner } from '../DesignerContext.tsx';
import { Icon } from '../icons.tsx';
import { pick } from '../text.ts';
import { useConditionWords, useSourceWords } from './describeWords.ts';
import { selectionKey, type FlowSelection } from './selection.ts';
import { useFlowEdit } from './useFlow.ts';

export interface FlowCanvasProps {
  flow: FlowDefinition;
  selection: FlowSelection;
  onSelect: (selection: FlowSelection) => void;
  issues: FlowIssues;
  /** Node and branch ids on the simulated route. */
  highlight: ReadonlySet<string> | null;
}

interface LaneContext extends FlowCanvasProps {
  selected: string | null;
}

export const FlowCanvas = memo(function FlowCanvas(props: FlowCanvasProps) {
  const { t } = useTranslation();
  const ctx: LaneContext = { ...props, selected: selectionKey(props.selection) };
  const submitterIssues = props.issues.get(SUBMITTER_KEY);
  return (
    <div className="fl-flow-canvas" data-testid="flow-canvas" aria-label={t('designer.flow.canvasLabel')} role="region">
      <div className="fl-flow-track">
        <div className={`fl-flow-node fl-flow-node--start${ctx.selected === '@submitter' ? ' is-selected' : ''}`}>
          <button
            type="button"
            className="fl-flow-node__main"
            data-testid="flow-node-submitter"
            aria-pressed={ctx.selected === '@submitter'}
            onClick={() => props.onSelect({ kind: 'submitter' })}
          >
            <span className="fl-flow-node__kind">{t('designer.flow.kind.submitter')}</span>
            <span className="fl-flow-node__summary">{t('designer.flow.submitterSummary')}</span>
            {submitterIssues && <span className="fl-flow-node__issue">{t('designer.flow.issue.fields')}</span>}
          </button>
        </div>
        <NodeList nodes={props.flow.nodes} parent={null} ctx={ctx} />
        <div className="fl-flow-end" data-testid="flow-end">
          {t('designer.flow.end')}
        </div>
      </div>
    </div>
  );
});

function NodeList({ nodes, parent, ctx }: { nodes: readonly FlowNode[]; parent: FlowParent; ctx: LaneContext }) {
  return (
    <>
      <AddButton slot={{ parent, index: 0 }} ctx={ctx} />
      {nodes.map((node, i) => (
        <div key={node.id} className="fl-flow-item">
          {isBlock(node) ? (
            <BlockView block={node} first={i === 0} last={i === nodes.length - 1} ctx={ctx} />
          ) : (
            <NodeCard node={node} first={i === 0} last={i === nodes.length - 1} ctx={ctx} />
          )}
          <AddButton slot={{ parent, index: i + 1 }} ctx={ctx} />
        </div>
      ))}
    </>
  );
}

const ADDABLE: FlowNodeKind[] = ['approval', 'cc', 'branch', 'parallel'];

function AddButton({ slot, ctx }: { slot: FlowSlot; ctx: LaneContext }) {
  const { t } = useTranslation();
  const { announce } = useDesigner();
  const edit = useFlowEdit();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  // A press anywhere else, or focus moving elsewhere, closes the menu.
  useEffect(() => {
    if (!open) return;
    const away = (e: Event) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    document.addEventListener('focusin', away);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('focusin', away);
    };
  }, [open]);
  const add = (kind: FlowNodeKind) => {
    let created: FlowNode | null = null;
    const result = edit((flow) => {
      created = createFlowNode(kind, flowIdMaker(flow));
      return insertFlowNode(flow, slot, created);
    });
    setOpen(false);
    if (!result.ok || !created) return;
    const node = created as FlowNode;
    announce(t('designer.flow.announce.added', { kind: t(`designer.flow.kind.${kind}`) }));
    if (node.type === 'branch') ctx.onSelect({ kind: 'branch', blockId: node.id, branchId: node.branches[0]!.id });
    else if (node.type !== 'parallel') ctx.onSelect({ kind: 'node', id: node.id });
  };
  const where = slot.parent ? `${slot.parent.branchId}-${slot.index}` : `root-${slot.index}`;
  return (
    <div
      className="fl-flow-add"
      ref={box}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return;
        setOpen(false);
        box.current?.querySelector('button')?.focus();
      }}
    >
      <button
        type="button"
        className="fl-flow-add__btn"
        aria-label={t('designer.flow.add')}
        aria-expanded={open}
        data-testid={`flow-add-${where}`}
        onClick={() => setOpen(!open)}
      >
        <Icon name="plus" />
      </button>
      {open && (
        <div className="fl-flow-add__menu" role="group" aria-label={t('designer.flow.add')}>
          {ADDABLE.map((kind) => (
            <button
              key={kind}
              type="button"
              className={`fl-flow-add__choice fl-flow-add__choice--${kind}`}
              data-testid={`flow-add-${kind}`}
              onClick={() => add(kind)}
            >
              {t(`designer.flow.kind.${kind}`)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function issueText(t: ReturnType<typeof useTranslation>['t'], at: readonly (string | number)[], message: string): string {
  const head = at[0];
  // checkFlowDefinition's words for a field the form no longer has, wherever the flow names it.
  if (message.startsWith('The form has no field')) return t('designer.flow.issue.fields');
  if (head === 'approvers') return t('designer.flow.issue.approvers');
  if (head === 'recipients') return t('designer.flow.issue.recipients');
  if (head === 'condition') return t('designer.flow.issue.condition');
  if (head === 'name') return t('designer.flow.issue.name');
  if (head === 'fieldPermissions') return t('designer.flow.issue.fields');
  if (head === 'timeLimit') return t('designer.flow.issue.timeLimit');
  return message;
}

function Tools({
  name,
  first,
  last,
  onMove,
  onRemove,
  sideways,
}: {
  name: string;
  first: boolean;
  last: boolean;
  onMove: (delta: -1 | 1) => void;
  onRemove?: () => void;
  sideways?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className={`fl-flow-tools${sideways ? ' fl-flow-tools--sideways' : ''}`}>
      <button
        type="button"
        className="fl-flow-tool"
        disabled={first}
        aria-label={t(sideways ? 'designer.flow.moveLeft' : 'designer.flow.moveUp', { name })}
        onClick={() => onMove(-1)}
      >
        <Icon name="up" size={16} />
      </button>
      <button
        type="button"
        className="fl-flow-tool"
        disabled={last}
        aria-label={t(sideways ? 'designer.flow.moveRight' : 'designer.flow.moveDown', { name })}
        onClick={() => onMove(1)}
      >
        <Icon name="down" size={16} />
      </button>
      {onRemove && (
        <button
          type="button"
          className="fl-flow-tool fl-flow-tool--danger"
          aria-label={t('designer.flow.remove', { name })}
          onClick={onRemove}
        >
          <Icon name="trash" size={16} />
        </button>
      )}
    </div>
  );
}

function NodeCard({ node, first, last, ctx }: { node: ApprovalNode | CcNode; first: boolean; last: boolean; ctx: LaneContext }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { announce } = useDesigner();
  const edit = useFlowEdit();
  const words = useSourceWords();
  const name = pick(node.name as never, locale) || node.name.en;
  const sources = node.type === 'approval' ? node.approvers : node.recipients;
  const people = sources.map((s) => describeSource(s, words)).join(t('designer.flow.cond.list'));
  const summary =
    node.type === 'approval' && sources.length
      ? `${people} · ${t(`designer.flow.mode.${node.mode}`)}${node.requireSignature ? ` · ${t('signatures.designer.badge')}` : ''}`
      : people || t('designer.flow.source.none');
  const issues = ctx.issues.get(node.id);
  const selected = ctx.selected === node.id;
  const onPath = ctx.highlight?.has(node.id);
  return (
    <div
      className={`fl-flow-node fl-flow-node--${node.type}${selected ? ' is-selected' : ''}${issues ? ' has-issues' : ''}${onPath ? ' is-on-path' : ''}${ctx.highlight && !onPath ? ' is-off-path' : ''}`}
      data-testid={`flow-node-${node.id}`}
    >
      <button
        type="button"
        className="fl-flow-node__main"
        aria-pressed={selected}
        onClick={() => ctx.onSelect({ kind: 'node', id: node.id })}
      >
        <span className="fl-flow-node__kind">{t(`designer.flow.kind.${node.type}`)}</span>
        <strong className="fl-flow-node__name">{name}</strong>
        <span className="fl-flow-node__summary">{summary}</span>
        {issues?.map((issue, i) => (
          <span key={i} className="fl-flow-node__issue">
            {issueText(t, issue.at, issue.message)}
          </span>
        ))}
      </button>
      <Tools
        name={name}
        first={first}
        last={last}
        onMove={(delta) => edit((flow) => moveFlowNode(flow, node.id, delta))}
        onRemove={() => {
          if (!edit((flow) => removeFlowNode(flow, node.id)).ok) return;
          if (selected) ctx.onSelect(null);
          announce(t('designer.flow.announce.removed', { name }));
        }}
      />
    </div>
  );
}

function BlockView({ block, first, last, ctx }: { block: FlowBlock; first: boolean; last: boolean; ctx: LaneContext }) {
  const { t } = useTranslation();
  const { announce } = useDesigner();
  const edit = useFlowEdit();
  const blockName = t(`designer.flow.kind.${block.type}`);
  const branches = block.branches as (ConditionBranch | ParallelBranch)[];
  const onPath = ctx.highlight?.has(block.id);
  return (
    <div className={`fl-flow-block fl-flow-block--${block.type}${onPath ? ' is-on-path' : ''}`} data-testid={`flow-node-${block.id}`}>
      <div className="fl-flow-block__head">
        <button
          type="button"
          className="fl-btn fl-btn--secondary fl-flow-block__add"
          data-testid={`flow-add-branch-${block.id}`}
          onClick={() => {
            let id = '';
            if (
              edit((flow) => {
                const added = addFlowBranch(flow, block.id);
                id = added.id;
                return added.flow;
              }).ok
            )
              ctx.onSelect({ kind: 'branch', blockId: block.id, branchId: id });
          }}
        >
          {t(block.type === 'branch' ? 'designer.flow.addCondition' : 'designer.flow.addLane')}
        </button>
        <Tools
          name={blockName}
          first={first}
          last={last}
          onMove={(delta) => edit((flow) => moveFlowNode(flow, block.id, delta))}
          onRemove={() => {
            if (!edit((flow) => removeFlowNode(flow, block.id)).ok) return;
            ctx.onSelect(null);
            announce(t('designer.flow.announce.removed', { name: blockName }));
          }}
        />
      </div>
      <div className="fl-flow-block__lanes">
        {branches.map((branch, i) => (
          <div key={branch.id} className="fl-flow-lane">
            <BranchCard block={block} branch={branch} index={i} count={branches.length} ctx={ctx} />
            <NodeList nodes={branch.nodes} parent={{ nodeId: block.id, branchId: branch.id }} ctx={ctx} />
          </div>
        ))}
      </div>
    </div>
  );
}

function BranchCard({
  block,
  branch,
  index,
  count,
  ctx,
}: {
  block: FlowBlock;
  branch: ConditionBranch | ParallelBranch;
  index: number;
  count: number;
  ctx: LaneContext;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { announce } = useDesigner();
  const edit = useFlowEdit();
  const words = useConditionWords();
  const name = pick(branch.name as never, locale) || branch.name.en;
  const isCondition = block.type === 'branch';
  const isDefault = isCondition && index === count - 1;
  const condition = 'condition' in branch ? branch.condition : null;
  let sentence = '';
  if (isDefault) sentence = t('designer.flow.otherwiseSummary');
  else if (isCondition) {
    const empty = !condition || ('all' in condition && condition.all.length === 0) || ('any' in condition && condition.any.length === 0);
    sentence = empty ? t('designer.flow.issue.condition') : describeCondition(condition!, words);
  } else sentence = t('designer.flow.laneSummary');
  const issues = ctx.issues.get(branch.id);
  const selected = ctx.selected === branch.id;
  const onPath = ctx.highlight?.has(branch.id);
  const movable = isCondition ? count - 1 : count;
  return (
    <div
      className={`fl-flow-node fl-flow-node--branch${selected ? ' is-selected' : ''}${issues ? ' has-issues' : ''}${onPath ? ' is-on-path' : ''}${ctx.highlight && !onPath ? ' is-off-path' : ''}`}
      data-testid={`flow-branch-${branch.id}`}
    >
      <button
        type="button"
        className="fl-flow-node__main"
        aria-pressed={selected}
        onClick={() => ctx.onSelect({ kind: 'branch', blockId: block.id, branchId: branch.id })}
      >
        <span className="fl-flow-node__kind">
          {isCondition && !isDefault
            ? t('designer.flow.priority', { n: index + 1 })
            : t(isDefault ? 'designer.flow.kind.otherwise' : 'designer.flow.kind.lane')}
        </span>
        <strong className="fl-flow-node__name">{name}</strong>
        <span className="fl-flow-node__summary" data-testid={`flow-branch-sentence-${branch.id}`}>
          {sentence}
        </span>
        {issues && !sentence.startsWith(t('designer.flow.issue.condition')) && (
          <span className="fl-flow-node__issue">{issueText(t, issues[0]!.at, issues[0]!.message)}</span>
        )}
      </button>
      {!isDefault && (
        <Tools
          name={name}
          sideways
          first={index === 0}
          last={index >= movable - 1}
          onMove={(delta) => edit((flow) => moveFlowBranch(flow, block.id, branch.id, delta))}
          onRemove={() => {
            if (!edit((flow) => removeFlowBranch(flow, block.id, branch.id)).ok) return;
            if (selected) ctx.onSelect(null);
            announce(t('designer.flow.announce.removed', { name }));
          }}
        />
      )}
    </div>
  );
}
