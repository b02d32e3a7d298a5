import { z } from 'zod';

export const Health = z.object({
  status: z.literal('ok'),
  db: z.enum(['sqlite', 'postgres']),
  version: z.string(),
});

const LocalizedText = z.object({ en: z.string(), 'zh-Hant': z.string() });

export const TemplateSummary = z
  .object({
    id: z.string(),
    name: LocalizedText,
    description: LocalizedText,
    forms: z.array(z.object({ key: z.string(), name: LocalizedText })),
  })
  .meta({ id: 'TemplateSummary' });
