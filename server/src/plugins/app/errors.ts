import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../../lib/errors.ts';

interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  details?: unknown;
  requestId: string;
}

/** Fastify's own error codes, mapped to ours. */
const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'The request body is larger than the server accepts.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Send the body as application/json.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The request body is empty; send a JSON document.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The request body is not valid JSON.' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad_url', message: 'The URL is not valid (bad percent-encoding).' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'invalid_content_length',
    message: 'The Content-Length header does not match the body.',
  },
};

function body(request: FastifyRequest, status: number, code: string, message: string, details?: unknown): ErrorBody {
  return {
    statusCode: status,
    code,
    error: STATUS_CODES[status] ?? 'Error',
    message,
    ...(details === undefined ? {} : { details }),
    requestId: request.id,
  };
}

export function toErrorBody(err: FastifyError | AppError, request: FastifyRequest): ErrorBody {
  if (err instanceof AppError) return body(request, err.statusCode, err.code, err.message, err.details);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({
      path: v.instancePath || '/',
      message: v.message ?? 'is invalid',
    }));
    const where = err.validationContext ?? 'request';
    return body(
      request,
      400,
      'invalid_request',
      `The ${where} is not valid: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}.`,
      details,
    );
  }
  const known = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (known) return body(request, known.status, known.code, known.message);
  if (err.statusCode === 429) return body(request, 429, 'too_many_requests', err.message);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return body(request, err.statusCode, 'bad_request', err.message);
  }
  return body(request, 500, 'internal_error', `Something went wrong on the server. Quote reference ${request.id} when reporting it.`);
}

export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const out = toErrorBody(err, request);
      if (out.statusCode >= 500) request.log.error({ err, requestId: request.id }, 'request failed');
      else request.log.info({ code: out.code, requestId: request.id }, out.message);
      if (err instanceof AppError && err.headers) reply.headers(err.headers);
      // Plain JSON: an error body must never fail a response schema and turn into a 500.
      reply.status(out.statusCode).type('application/json; charset=utf-8').serializer(JSON.stringify).send(out);
    });
  },
  { name: 'errors' },
);
