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
  message: z.string().describe('English; clients can localize from keyword and params'),
  keyword: z.string().optional().describe('The JSON Schema keyword that failed, e.g. required, minimum, pattern'),
  params: z.record(z.string(), z.unknown()).optional().describe("The keyword's parameters, e.g. {limit: 0}"),
});
export type ValidationDetail = z.infer<typeof ValidationDetail>;
