import { z } from 'zod';

/** What an upload is for: photo and signature fields take images only. */
export const FilePurpose = z.enum(['signature', 'photo', 'file']);
export type FilePurpose = z.infer<typeof FilePurpose>;

/** An uploaded file as the server describes it (POST /api/files, GET /api/files/:id/info). */
export const FileInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    size: z.number().int(),
    contentType: z.string().describe('Sniffed from the bytes; the type the client declared is ignored'),
    sha256: z.string(),
    purpose: FilePurpose,
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    createdByName: z.string().nullable(),
    url: z.string(),
  })
  .meta({ id: 'FileInfo' });
export type FileInfo = z.infer<typeof FileInfo>;
