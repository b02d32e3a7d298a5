import { hiddenFieldsFor } from './fieldAccess.ts';
import { recordInScope, recordScopeOf } from './recordScope.ts';
import { isFlowParticipant } from './submissionAccess.ts';
import type { User } from '@formloom/schemas';
import { nowIso, readJson } from '../db/dialect.ts';
import { AppError, BadRequestError, NotFoundError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { filesRepo, type FilePurpose, type FileRow, type FileWithUploader } from '../repositories/files.ts';
import type { Db } from '../repositories/types.ts';
import type { FileInfo } from '@formloom/schemas';
import { permissionsIn } from './access.ts';
import { isAccepted, sniffFile, type AcceptedType } from './filesSniff.ts';
import { discardUpload, keepUpload, receiveUpload } from './filesStorage.ts';

export const MAX_FILE_NAME_LENGTH = 255;

export function toFileInfo(row: FileRow, createdByName: string | null): FileInfo {
  return {
    id: row.id,
    name: row.name,
    size: Number(row.size),
    contentType: row.content_type,
    sha256: row.sha256,
    purpose: row.purpose,
    createdAt: row.created_at,
    createdBy: row.created_by,
    createdByName,
    url: `/api/files/${row.id}`,
  };
}

/**
 * The original name from the percent-encoded `X-File-Name` header, as a plain file name: no folders,
 * no control characters, at most 255 characters.
 */
export function fileNameFromHeader(header: string | string[] | undefined): string {
  const raw = Array.isArray(header) ? header[0] : header;
  if (!raw) throw new BadRequestError('invalid_request', "Send the file's name, percent-encoded, in the X-File-Name header.");
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new BadRequestError(
      'invalid_request',
      'The X-File-Name header is not valid percent-encoding (encode it with encodeURIComponent).',
    );
  }
  // eslint-disable-next-line no-control-regex
  const name = (decoded.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!name || name === '.' || name === '..')
    throw new BadRequestError('invalid_request', 'The X-File-Name header holds no usable file name.');
  return [...name].slice(0, MAX_FILE_NAME_LENGTH).join('');
}

const ALLOWED_SUMMARY =
  'images (JPEG, PNG, WebP, GIF, HEIC), PDF, Word, Excel, PowerPoint and OpenDocument files, and plain UTF-8 text or CSV';
const IMAGES_SUMMARY = 'an image (JPEG, PNG, WebP, GIF or HEIC)';

function checkAllowed(type: Awaited<ReturnType<typeof sniffFile>>, purpose: FilePurpose): AcceptedType {
  if (!isAccepted(type)) {
    throw new AppError(
      415,
      'unsupported_file_type',
      `This file is ${type.description}, which cannot be uploaded; allowed are ${ALLOWED_SUMMARY}.`,
      {
        detected: type.detected,
        description: type.description,
      },
    );
  }
  if (purpose !== 'file' && type.kind !== 'image') {
    throw new AppError(415, 'unsupported_file_type', `A ${purpose} must be ${IMAGES_SUMMARY}; this file is not an image.`, {
      detected: type.kind === 'text' ? 'text' : (type.extensions[0] ?? 'document'),
      description: 'not an image',
      imagesOnly: true,
    });
  }
  return type;
}

/** Receives, checks and stores one upload; nothing stays on disk or in the database if it is refused. */
export async function storeUpload(
  db: Db,
  user: User,
  input: { body: AsyncIterable<Uint8Array>; name: string; purpose: FilePurpose; dataDir: string; maxBytes: number },
): Promise<FileInfo> {
  const upload = await receiveUpload(input.body, input.dataDir, input.maxBytes);
  let type: AcceptedType;
  try {
    if (upload.size === 0) throw new BadRequestError('empty_file', 'The file is empty; choose the file again.');
    type = checkAllowed(await sniffFile(upload.tempPath, upload), input.purpose);
    await keepUpload(upload, input.dataDir);
  } catch (err) {
    await discardUpload(upload.tempPath);
    throw err;
  }
  const row: FileRow = {
    id: newId(),
    sha256: upload.sha256,
    size: upload.size,
    content_type: type.contentType,
    name: input.name,
    purpose: input.purpose,
    created_by: user.id,
    created_at: nowIso(),
  };
  await filesRepo.insert(db, row);
  return toFileInfo(row, user.name);
}

/**
 * A file the caller may read: their own upload, or one linked to a submission they may see (the rule
 * of GET /api/submissions/:id). Anything else is 404, as if it did not exist.
 */
export async function loadReadableFile(db: Db, user: User, fileId: string): Promise<FileWithUploader> {
  const row = await filesRepo.findById(db, fileId);
  if (row && (row.created_by === user.id || (await seesALinkedSubmission(db, user, fileId)))) return row;
  throw new NotFoundError('file_not_found', `There is no file ${fileId}, or you have no access to it.`);
}

async function seesALinkedSubmission(db: Db, user: User, fileId: string): Promise<boolean> {
  for (const s of await filesRepo.linkedSubmissions(db, fileId)) {
    const permissions = await permissionsIn(db, user, s.app_id);
    if (permissions && (s.created_by === user.id || (await recordInScope(db, recordScopeOf(user, permissions), s.created_by)))) {
      if (s.created_by === user.id || (await inVisibleField(db, user, s.id, fileId))) return true;
      continue;
    }
    // Approvers and people copied in read the submission without a grant, attachments included
    // (a leave request's medical certificate). Hidden fields' file ids never reach them.
    if (await isFlowParticipant(db, s.id, user.id)) return true;
  }
  return false;
}

/** Whether the file is named in a field of the submission the caller may see (not only in a sensitive one hidden from them). */
async function inVisibleField(db: Db, user: User, submissionId: string, fileId: string): Promise<boolean> {
  const row: { form_id: string; data: unknown } | undefined = await db('submissions').where({ id: submissionId }).first('form_id', 'data');
  if (!row) return false;
  const hidden = await hiddenFieldsFor(db, user, row.form_id);
  if (hidden.size === 0) return true;
  const data = readJson<Record<string, unknown>>(row.data);
  return Object.entries(data).some(([key, value]) => !hidden.has(key) && JSON.stringify(value).includes(fileId));
}
