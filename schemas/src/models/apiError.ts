import { z } from 'zod';

/** The one error shape of the API: `code` is stable snake_case, `message` a sentence a person can act on. */
export const ApiError = z
  .object({
    statusCode: z.number().int(),
    code: z.string(),
    error: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'ApiError' });
export type ApiError = z.infer<typeof ApiError>;

export const ValidationDetail = z.object({
  path: z.string().describe('JSON Pointer into the submitted data, e.g. /items/0/qty'),
  message: z.string(),
});
export type ValidationDetail = z.infer<typeof ValidationDetail>;
