/**
 * What a webhook or Zapier hook may carry: the envelope as its OWNER may see it. A subscription is
 * made by someone (its created_by, `owner_id`), and its deliveries never hold more than that person
 * could read in the app themselves — records outside their view scope are not sent, fields hidden from
 * them (services/fieldAccess.ts) are taken out of the submission's data, with the names of files those
 * fields held. An admin-owned subscription sees everything.
 *
 * The dispatcher asks for every delivery, so a ViewerCache (one per batch of events or of claimed
 * deliveries) reads each owner's permissions and each form's hidden fields once for the batch; the
 * next batch reads them afresh, so a revoked grant or a new rule holds from the next batch on.
 */
import type { AppPermissions, User } from '@formloom/schemas';
import type { Db } from '../../repositories/types.ts';
import { FULL_PERMISSIONS, permissionsIn } from '../access.ts';
import { hiddenFieldsFor, maskSubmissionData } from '../fieldAccess.ts';
import { recordInScope, recordScopeOf, type RecordScope } from '../recordScope.ts';
import type { EventEnvelope } from './envelope.ts';

/** Someone a payload is built for: a subscription's owner, or the caller of a preview or a poll. */
export interface EnvelopeViewer {
  user: Pick<User, 'id' | 'role'>;
  permissions: AppPermissions;
  /** Undefined: every record of the app. */
  scope: RecordScope | undefined;
}

type OwnerRow = { id: string; role: User['role']; disabled_at: string | null } | undefined;

/** The viewer for a caller already signed in (a preview, a Zapier poll). */
export function viewerOf(user: Pick<User, 'id' | 'role'>, permissions: AppPermissions): EnvelopeViewer {
  return { user, permissions, scope: user.role === 'admin' ? undefined : recordScopeOf(user, permissions) };
}

/** Memoized reads for one batch (see above). */
export class ViewerCache {
  private viewers = new Map<string, Promise<EnvelopeViewer | null>>();
  private hidden = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(private readonly db: Db) {}

  /**
   * A subscription owner's view of an app's events, or null when they may receive none: their account
   * is gone or disabled, or they hold no grant in it (an app-wide subscription, appId null, is an admin's).
   */
  ownerViewer(ownerId: string, appId: string | null): Promise<EnvelopeViewer | null> {
    const key = `${ownerId}|${appId}`;
    if (!this.viewers.has(key)) this.viewers.set(key, readOwnerViewer(this.db, ownerId, appId));
    return this.viewers.get(key)!;
  }

  hiddenFieldsOf(viewer: EnvelopeViewer, formId: string): Promise<ReadonlySet<string>> {
    if (viewer.user.role === 'admin') return Promise.resolve(NONE);
    const key = `${viewer.user.id}|${formId}`;
    if (!this.hidden.has(key)) this.hidden.set(key, hiddenFieldsFor(this.db, viewer.user, formId));
    return this.hidden.get(key)!;
  }
}

const NONE: ReadonlySet<string> = new Set();

async function readOwnerViewer(db: Db, ownerId: string, appId: string | null): Promise<EnvelopeViewer | null> {
  const owner: OwnerRow = await db('users').where({ id: ownerId }).first('id', 'role', 'disabled_at');
  if (!owner || owner.disabled_at) return null;
  if (owner.role === 'admin') return { user: owner, permissions: FULL_PERMISSIONS, scope: undefined };
  if (appId === null) return null;
  const permissions = await permissionsIn(db, owner as unknown as User, appId);
  return permissions ? viewerOf(owner, permissions) : null;
}

/**
 * Whether the viewer may receive an event at all: one about a submission when the submission is in
 * their scope (`createdBy` its submitter; a row deleted since is judged by who submitted it); one
 * about anything else (a form published, a report saved) only with "view all" in the app.
 */
export async function viewerMayReceive(
  db: Db,
  viewer: EnvelopeViewer,
  submission: { createdBy: string | null } | null | undefined,
): Promise<boolean> {
  if (viewer.scope === undefined) return true;
  if (!submission) return false;
  return recordInScope(db, viewer.scope, submission.createdBy);
}

/**
 * The envelope as the viewer may see it, or null when its submission is outside their scope. The
 * submission's hidden fields are dropped (unless the viewer submitted it), and so are the names of
 * files no remaining value names.
 */
export async function envelopeAs(
  db: Db,
  envelope: EventEnvelope,
  viewer: EnvelopeViewer,
  cache: ViewerCache = new ViewerCache(db),
): Promise<EventEnvelope | null> {
  const submission = envelope.submission;
  if (!submission) return viewer.scope === undefined ? envelope : null;
  const createdBy = submission.submittedBy?.id ?? null;
  if (!(await viewerMayReceive(db, viewer, { createdBy }))) return null;
  const hidden = await cache.hiddenFieldsOf(viewer, submission.formId);
  const data = maskSubmissionData(submission.data, hidden, { createdBy }, viewer.user);
  if (data === submission.data) return envelope;
  const masked: EventEnvelope['submission'] = { ...submission, data };
  if (submission.files) {
    const text = JSON.stringify(data);
    const files = Object.entries(submission.files).filter(([id]) => text.includes(id));
    if (files.length) masked.files = Object.fromEntries(files);
    else delete masked.files;
  }
  return { ...envelope, submission: masked };
}
