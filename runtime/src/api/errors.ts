import type { ValidationDetail } from './types.ts';

/** The API's one error body: `{statusCode, code, error, message, details?, requestId?}`. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

/** The server answered with an error status. `code` is the stable snake_case code to branch on. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;
  /** Seconds from the Retry-After header (429, 503), when the server sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(body: ApiErrorBody, retryAfterSeconds?: number) {
    super(body.message);
    this.status = body.statusCode;
    this.code = body.code;
    this.details = body.details;
    this.requestId = body.requestId;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * The per-field problems (`{path, message}`) of a 422 — `validation_failed`, or a check such as
   * `outside_geofence` that refuses one field's value — or `[]` for any other error.
   */
  get validationDetails(): ValidationDetail[] {
    if (this.status !== 422 || !Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is ValidationDetail => typeof d === 'object' && d !== null && typeof d.path === 'string' && typeof d.message === 'string',
    );
  }
}

/** The request never got an answer (offline, DNS, connection reset): the outcome on the server is unknown. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(cause: unknown) {
    super('The server could not be reached', { cause });
  }
}

export const isApiError = (e: unknown, code?: string): e is ApiError => e instanceof ApiError && (code === undefined || e.code === code);

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Turns a non-2xx response into an ApiError, even when the body is not the API's JSON (a proxy's HTML page). */
export async function toApiError(res: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
  let body: Partial<ApiErrorBody> | undefined;
  try {
    body = (await res.json()) as Partial<ApiErrorBody>;
  } catch {
    body = undefined;
  }
  return new ApiError(
    {
      statusCode: typeof body?.statusCode === 'number' ? body.statusCode : res.status,
      code: typeof body?.code === 'string' ? body.code : `http_${res.status}`,
      error: typeof body?.error === 'string' ? body.error : res.statusText,
      message: typeof body?.message === 'string' ? body.message : `Request failed with status ${res.status}`,
      details: body?.details,
      requestId: typeof body?.requestId === 'string' ? body.requestId : undefined,
    },
    retryAfter,
  );
}
