import type { FastifyError, FastifyInstance } from 'fastify';
import { STATUS_CODES } from 'node:http';

/**
 * A connector route's error with the API's `{statusCode, code, error, message, details, requestId}` shape.
 * Plugins cannot import the server's AppError family, so their routes throw this and
 * `installConnectorErrorHandler` writes the body; every other error goes up to the server's own handler.
 */
export class ConnectorHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ConnectorHttpError';
  }
}

export const notFound = (code: string, message: string) => new ConnectorHttpError(404, code, message);
export const unprocessable = (code: string, message: string, details?: unknown) => new ConnectorHttpError(422, code, message, details);
export const conflict = (code: string, message: string) => new ConnectorHttpError(409, code, message);

export function installConnectorErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ConnectorHttpError, request, reply) => {
    if (!(err instanceof ConnectorHttpError)) throw err;
    request.log.info({ code: err.code, requestId: request.id }, err.message);
    reply
      .status(err.statusCode)
      .type('application/json; charset=utf-8')
      .send(
        JSON.stringify({
          statusCode: err.statusCode,
          code: err.code,
          error: STATUS_CODES[err.statusCode] ?? 'Error',
          message: err.message,
          ...(err.details === undefined ? {} : { details: err.details }),
          requestId: request.id,
        }),
      );
  });
}

/** Parses a body or query with a zod model; 400 invalid_request naming each bad path. */
export function parseInput<T>(
  model: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
  what = 'request body',
): T {
  const parsed = model.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({ path: '/' + i.path.map(String).join('/'), message: i.message }));
  throw new ConnectorHttpError(
    400,
    'invalid_request',
    `The ${what} is not valid: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}.`,
    details,
  );
}
