import type { FastifyInstance } from 'fastify';
import sjson from 'secure-json-parse';
import { BadRequestError } from '../../lib/errors.ts';

export const MAX_JSON_DEPTH = 64;

/** Depth of the deepest array/object in raw JSON text, found without parsing (so no stack overflow). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * JSON bodies: prototype-poisoning keys (`__proto__`, `constructor.prototype`) are refused, not
 * stripped, so nothing a client sent is silently dropped; over-deep documents are refused before
 * parsing.
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json$/, { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(new BadRequestError('invalid_json', 'The request body is empty; send a JSON document.'), undefined);
    if (jsonDepth(text) > MAX_JSON_DEPTH) {
      return done(new BadRequestError('json_too_deep', `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
    }
    try {
      done(null, sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (err) {
      const message = (err as Error).message;
      if (/prototype/i.test(message)) {
        return done(
          new BadRequestError(
            'forbidden_key',
            'The JSON body contains a "__proto__" or "constructor.prototype" key, which is not allowed.',
          ),
          undefined,
        );
      }
      done(new BadRequestError('invalid_json', `The request body is not valid JSON: ${message}.`), undefined);
    }
  });
}
