/**
 * The bundled templates. They are frozen: installing one copies its forms, and a shared template
 * object edited in place would leak into every later install.
 */
import { healthDeclaration } from './healthDeclaration.ts';
import { inventory } from './inventory.ts';
import { purchaseRequest } from './purchaseRequest.ts';
import { leaveRequest } from './leaveRequest.ts';
import { paymentRequest } from './paymentRequest.ts';
import { salesOrder } from './salesOrder.ts';
import { siteCheckIn } from './siteCheckIn.ts';
import type { Template } from './types.ts';

export type { Template, TemplateForm } from './types.ts';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export const templates: Template[] = deepFreeze([
  healthDeclaration,
  inventory,
  purchaseRequest,
  leaveRequest,
  salesOrder,
  siteCheckIn,
  paymentRequest,
]);

export function findTemplate(id: string): Template | undefined {
  return templates.find((t) => t.id === id);
}
