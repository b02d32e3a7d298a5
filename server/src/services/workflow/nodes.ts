import { indexFlow, nodeText, type FlowDefinition, type FlowText } from '@formloom/schemas';

/** A node's display name (the engine's rule for unnamed blocks); the id for a node the flow does not have. */
export function nodeName(definition: FlowDefinition, nodeId: string): FlowText {
  const node = indexFlow(definition).get(nodeId)?.node;
  return node ? nodeText(node) : { en: nodeId };
}
