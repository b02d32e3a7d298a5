import { ApiError } from '@formloom/schemas';

/** Response schemas for the error statuses a route can answer (documentation in OpenAPI). */
export function errors(...statuses: number[]): Record<number, typeof ApiError> {
  return Object.fromEntries([...new Set([400, 401, 500, ...statuses])].map((s) => [s, ApiError]));
}
