import type { SubmissionIntegration, User } from '@formloom/schemas';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import type { Db } from '../../repositories/types.ts';
import { requirePermission } from '../access.ts';
import { loadSubmission } from '../submissionAccess.ts';

/**
 * What the connectors made of a submission (its record page's integrations panel), and a person's
 * retry of a job that failed or gave up.
 */

interface JobRow {
  id: string;
  connector: string;
  event_type: string;
  submission_id: string | null;
  status: SubmissionIntegration['status'];
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

interface RefRow {
  connector: string;
  kind: string;
  external_id: string;
  label: string | null;
  url: string | null;
  updated_at: string;
}

function item(connector: string, job: JobRow | undefined, refs: RefRow[], mayRetry: boolean): SubmissionIntegration {
  const mine = refs.filter((r) => r.connector === connector);
  return {
    connector,
    canRetry: mayRetry && !!job && (job.status === 'failed' || job.status === 'dead'),
    jobId: job?.id ?? null,
    eventType: job?.event_type ?? null,
    // Refs without a job: made before jobs were kept, or by hand. Nothing to run.
    status: job?.status ?? 'skipped',
    attempts: job?.attempts ?? 0,
    lastError: job?.last_error ?? null,
    nextAttemptAt: job && (job.status === 'failed' || job.status === 'pending') ? job.next_attempt_at : null,
    updatedAt: [job?.updated_at, ...mine.map((r) => r.updated_at)]
      .filter((t): t is string => !!t)
      .sort()
      .at(-1)!,
    refs: mine.map((r) => ({ kind: r.kind, externalId: r.external_id, label: r.label, url: r.url })),
  };
}

/** Per connector that touched the submission: its latest job and the external records it made. */
async function integrationsOf(db: Db, submissionId: string, mayRetry: boolean): Promise<SubmissionIntegration[]> {
  const jobs: JobRow[] = await db('connector_jobs')
    .where({ submission_id: submissionId })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
  const refs: RefRow[] = await db('submission_external_refs').where({ submission_id: submissionId }).orderBy('created_at');
  const connectors = [...new Set([...jobs.map((j) => j.connector), ...refs.map((r) => r.connector)])].sort();
  return connectors.map((c) =>
    item(
      c,
      jobs.find((j) => j.connector === c),
      refs,
      mayRetry,
    ),
  );
}

export async function listSubmissionIntegrations(db: Db, user: User, submissionId: string): Promise<SubmissionIntegration[]> {
  const { row, permissions } = await loadSubmission(db, user, submissionId);
  return integrationsOf(db, row.id, permissions.canEdit);
}

const jobNotFound = (id: string) => new NotFoundError('job_not_found', `There is no integration job ${id}, or you have no access to it.`);

/**
 * Puts a failed or dead job back in the queue, due now, with a fresh run of tries. Only people who
 * may edit the submission's app retry (a retry creates records in Shopify or QuickBooks).
 */
export async function retryJob(db: Db, user: User, jobId: string, now: Date): Promise<SubmissionIntegration> {
  const job: JobRow | undefined = await db('connector_jobs').where({ id: jobId }).first();
  if (!job?.submission_id) throw jobNotFound(jobId);
  let permissions;
  try {
    ({ permissions } = await loadSubmission(db, user, job.submission_id));
  } catch (err) {
    // The job is as invisible as its submission.
    if (err instanceof NotFoundError) throw jobNotFound(jobId);
    throw err;
  }
  requirePermission(permissions, 'canEdit', 'retry integrations');
  if (job.status !== 'failed' && job.status !== 'dead') {
    throw new ConflictError('job_not_retryable', `This job is ${job.status}; only a failed or dead job can be retried.`);
  }
  const changed = await db('connector_jobs')
    .where({ id: job.id, status: job.status })
    .update({ status: 'pending', attempts: 0, next_attempt_at: now.toISOString(), updated_at: now.toISOString() });
  if (changed === 0) throw new ConflictError('job_not_retryable', 'The job changed meanwhile; reload and try again.');
  const updated: JobRow = await db('connector_jobs').where({ id: job.id }).first();
  const refs: RefRow[] = await db('submission_external_refs').where({ submission_id: job.submission_id, connector: job.connector });
  return item(job.connector, updated, refs, true);
}
