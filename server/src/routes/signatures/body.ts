import type { FastifyRequest } from 'fastify';
import { AppError, BadRequestError } from '../../lib/errors.ts';

/** Reads a request body as bytes, up to `maxBytes` (413 past it). */
export function rawBody(maxBytes: number) {
  return (request: FastifyRequest, payload: NodeJS.ReadableStream, done: (err: Error | null, body?: Buffer) => void) => {
    const tooLarge = () => new AppError(413, 'file_too_large', `The body is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
    if (Number(request.headers['content-length']) > maxBytes) return done(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes && !finished) {
        finished = true;
        payload.removeAllListeners('data');
        (payload as NodeJS.ReadableStream & { resume(): void }).resume();
        return done(tooLarge());
      }
      chunks.push(chunk);
    });
    payload.on('end', () => {
      if (!finished) {
        finished = true;
        done(null, Buffer.concat(chunks));
      }
    });
    payload.on('error', (err: Error) => {
      if (!finished) {
        finished = true;
        done(err);
      }
    });
  };
}

/** The part named `name` of a multipart/form-data body, or null. */
export function multipartPart(body: Buffer, contentType: string, name: string): Buffer | null {
  const boundary = contentType.match(/boundary=(?:"([^"]+)"|([^;\s]+))/i);
  if (!boundary) throw new BadRequestError('invalid_multipart', 'The multipart body has no boundary.');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(at + delimiter.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      if (new RegExp(`name="${name}"`, 'i').test(headers)) {
        let content = part.subarray(headerEnd + 4);
        if (content.subarray(-2).toString() === '\r\n') content = content.subarray(0, -2);
        return content;
      }
    }
    at = next;
  }
  return null;
}

/** The bytes a person sent: a file (raw, or the `field` of multipart), or JSON `{[jsonKey]: text}`. */
export function uploadedBytes(request: FastifyRequest, field: string, jsonKeys: string[]): Buffer {
  const body = request.body;
  if (!Buffer.isBuffer(body) || body.length === 0) throw new BadRequestError('body_missing', 'Send the file as the request body.');
  const type = String(request.headers['content-type'] ?? '');
  if (/^multipart\/form-data/i.test(type)) {
    const part = multipartPart(body, type, field);
    if (!part) throw new BadRequestError('body_missing', `Send the file in the multipart field "${field}".`);
    return part;
  }
  if (/json/i.test(type)) {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      const text = jsonKeys.map((k) => parsed[k]).find((v) => typeof v === 'string');
      if (typeof text === 'string') return Buffer.from(text, 'utf8');
    } catch {
      // fall through
    }
    throw new BadRequestError('body_missing', `Send JSON with "${jsonKeys[0]}" (PEM text or base64 DER).`);
  }
  return body;
}
