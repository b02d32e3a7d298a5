/**
 * What may hold what. Sections hold anything; a sub-table's row and a row of columns hold only plain
 * fields: a sub-table is shown as a table whose columns are its fields, and a row of columns is a
 * single line of two or three inputs, so neither has room for a nested group or table. An
 * auto-number is numbered per submission (server/src/services/autoNumbers.ts), so not in a table.
 */
import type { ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { ADVANCED_TYPE, type FieldNode } from './tree.ts';

/** Containers whose children must be plain (non-container) fields, besides every array container. */
const FLAT_OBJECT_CONTAINERS = new Set(['row']);
/** Fields the server gives one value per submission, so never one per table row. */
const NOT_IN_TABLES = new Set(['autonumber']);

/** How a container stores its children: as a nested object, or as an array of row objects. */
export type ContainerKind = 'object' | 'array';

export function containerKind(node: Pick<FieldNode, 'type'>, registry: ReadonlyFieldTypeRegistry): ContainerKind | null {
  if (node.type === ADVANCED_TYPE) return null;
  const def = registry.get(node.type);
  if (!def?.container) return null;
  return def.valueKind === 'array' ? 'array' : 'object';
}

export function isContainer(node: Pick<FieldNode, 'type'>, registry: ReadonlyFieldTypeRegistry): boolean {
  return containerKind(node, registry) !== null;
}

/** Whether a container only takes plain fields. */
export function isFlatContainer(node: Pick<FieldNode, 'type'>, registry: ReadonlyFieldTypeRegistry): boolean {
  const kind = containerKind(node, registry);
  return kind === 'array' || (kind === 'object' && FLAT_OBJECT_CONTAINERS.has(node.type));
}

/** Why `child` cannot be placed in `parent` (null: the form itself), or null when it can. */
export function placementProblem(
  child: Pick<FieldNode, 'type'>,
  parent: Pick<FieldNode, 'type' | 'key'> | null,
  registry: ReadonlyFieldTypeRegistry,
): { code: 'not_a_container' | 'container_not_allowed'; message: string } | null {
  if (parent === null) return null;
  if (!isContainer(parent, registry)) return { code: 'not_a_container', message: `"${parent.key}" cannot hold other fields.` };
  if (containerKind(parent, registry) === 'array' && NOT_IN_TABLES.has(child.type)) {
    return {
      code: 'container_not_allowed',
      message: `A ${child.type} field is given once per submission, so it cannot be inside a table.`,
    };
  }
  if (isFlatContainer(parent, registry) && isContainer(child, registry)) {
    return {
      code: 'container_not_allowed',
      message: `A ${parent.type} holds only plain fields, not a ${child.type}.`,
    };
  }
  return null;
}
