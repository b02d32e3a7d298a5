/**
 * A run's figures: each report of the target run as the digest's OWNER (sharing a digest shares
 * the figures its owner sees, like a shared dashboard), computed once per run and kept with it, so
 * every recipient and every retry gets the same numbers. A report that fails (its form deleted,
 * the owner's access gone) is carried as an error for that part rather than stopping the digest.
 */
import type { Knex } from 'knex';
import type { ReportDefinition, ReportLabel, ReportResult, User } from '@formloom/schemas';
import { readJson, writeJson } from '../../db/dialect.ts';
import { AppError } from '../../lib/errors.ts';
import { toUser, usersRepo, type UserRow } from '../../repositories/users.ts';
import type { Db } from '../../repositories/types.ts';
import { runReport } from '../reports/query/index.ts';
import { targetOf, type DigestRow, type RunRow } from './store.ts';
import { loadTarget } from './target.ts';

export interface DigestContentItem {
  id: string;
  reportId: string;
  definition: ReportDefinition;
  result: ReportResult | null;
  /** Why the part could not be computed (the report's own error message). */
  error: string | null;
}

export interface DigestContent {
  title: ReportLabel | null;
  formName: string | null;
  path: string;
  items: DigestContentItem[];
}

/** A problem no retry fixes: the run is given up at once. */
export class DigestUnavailable extends Error {}

/** The digest's owner as a signed-in user would be, or DigestUnavailable when they are gone or disabled. */
async function ownerOf(db: Db, row: DigestRow): Promise<User> {
  const owner: UserRow | undefined = row.owner_id ? await usersRepo.findById(db, row.owner_id) : undefined;
  if (!owner || owner.disabled_at)
    throw new DigestUnavailable('The digest’s owner is no longer an enabled user; a new owner must save it again.');
  return toUser(owner);
}

/** Computes the figures now (send-test, or a run's first delivery). */
export async function computeContent(db: Db, row: DigestRow): Promise<DigestContent> {
  const owner = await ownerOf(db, row);
  let target;
  try {
    target = await loadTarget(db, targetOf(row));
  } catch (err) {
    if (err instanceof AppError && err.statusCode === 404) throw new DigestUnavailable(err.message);
    throw err;
  }
  const items: DigestContentItem[] = [];
  for (const item of target.items) {
    try {
      items.push({ ...item, result: await runReport(db, owner, item.definition), error: null });
    } catch (err) {
      // A report the owner may no longer run is that part's problem; a database failure is the run's (retried).
      if (!(err instanceof AppError)) throw err;
      items.push({ ...item, result: null, error: err.message });
    }
  }
  // Nothing left to show (the owner lost access to every part): no email is better than an empty one.
  if (items.length && items.every((i) => i.error)) throw new DigestUnavailable(items[0].error!);
  return { title: target.title, formName: target.formName, path: target.path, items };
}

/** The run's figures: those stored with it, or computed now and stored by whoever gets there first. */
export async function contentOfRun(knex: Knex, run: RunRow, digest: DigestRow): Promise<DigestContent> {
  if (run.content) return readJson<DigestContent>(run.content);
  const content = await computeContent(knex, digest);
  await knex('digest_runs')
    .where({ id: run.id })
    .whereNull('content')
    .update({ content: writeJson(content) });
  const stored: { content: unknown } | undefined = await knex('digest_runs').where({ id: run.id }).first('content');
  return stored?.content ? readJson<DigestContent>(stored.content) : content;
}
