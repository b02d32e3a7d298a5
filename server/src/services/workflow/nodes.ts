import { walkFlow, type ApprovalNode, type FlowDefinition, type FlowNode, type FlowText } from '@formloom/schemas';

/** Looking up a flow's nodes by id (the engine's state names nodes by id only). */
export function nodeById(definition: FlowDefinition, nodeId: string): FlowNode | null {
  for (const [node] of walkFlow(definition.nodes)) if (node.id === nodeId) return node;
  return null;
}

/** A node's display name; the id when it has none (branch blocks may be unnamed). */
export function nodeName(definition: FlowDefinition, nodeId: string): FlowText {
  const node = nodeById(definition, nodeId);
  return node && 'name' in node && node.name ? node.name : { en: nodeId };
}

export function approvalNode(definition: FlowDefinition, nodeId: string): ApprovalNode | null {
  const node = nodeById(definition, nodeId);
  return node?.type === 'approval' ? node : null;
}
