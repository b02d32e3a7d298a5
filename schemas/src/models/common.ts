import { z } from 'zod';

/** Ids are UUIDv7 strings: time-ordered, so they double as a stable cursor. */
export const Id = z.string().min(1).max(64);
export const Timestamp = z.string().describe('ISO 8601 date-time in UTC');

/** A JSON object supplied by a user (a schema, uiSchema or submission data). */
export const JsonObject = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof JsonObject>;

export const IdParams = (name: string) => z.object({ [name]: Id });

export const Page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const List = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
