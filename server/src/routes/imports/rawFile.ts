import type { FastifyRequest } from 'fastify';
import { IMPORT_LIMITS, tooLarge } from '../../services/imports/readFile.ts';

/**
 * A content-type parser for upload routes whose body is the file itself, whatever its Content-Type
 * says (a browser sends the file's own type, or none): read as bytes up to the import limit (413
 * beyond, with the rest drained so the answer can be sent); what it is gets decided by its content.
 */
export function readRawFile(request: FastifyRequest, payload: NodeJS.ReadableStream, done: (err: Error | null, body?: Buffer) => void) {
  if (Number(request.headers['content-length']) > IMPORT_LIMITS.fileBytes) return done(tooLarge());
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (err: Error | null, body?: Buffer) => {
    if (finished) return;
    finished = true;
    done(err, body);
  };
  payload.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > IMPORT_LIMITS.fileBytes) {
      payload.removeAllListeners('data');
      (payload as NodeJS.ReadableStream & { resume(): void }).resume();
      return finish(tooLarge());
    }
    chunks.push(chunk);
  });
  payload.on('end', () => finish(null, Buffer.concat(chunks)));
  payload.on('error', (err) => finish(err));
}
