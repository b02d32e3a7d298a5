/**
 * Who a provider account is here. Found by (issuer, subject) in user_identities; else linked to the
 * enabled user with the same verified email; else created just in time with the default role (no
 * local password). Disabled people are refused whichever way they are found.
 */
import type { Knex } from 'knex';
import type { SsoErrorCode } from '@formloom/schemas';
import { isUniqueViolation, nowIso } from '../../db/dialect.ts';
import { newId } from '../../lib/ids.ts';
import { appendEvent } from '../../repositories/events.ts';
import type { Db } from '../../repositories/types.ts';
import { normalizeEmail, usersRepo, type UserRow } from '../../repositories/users.ts';
import { recordAudit } from '../audit/record.ts';
import type { StoredSsoSettings } from './settings.ts';

/** The person as the provider describes them (from the ID token, completed by userinfo). */
export interface ProviderProfile {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

export type SignInOutcome = { userId: string; how: 'existing' | 'linked' | 'created' };

/** A sign-in refused for a reason the login page explains (/login?sso_error=<code>). */
export class SsoSignInError extends Error {
  constructor(
    readonly code: SsoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SsoSignInError';
  }
}

interface IdentityRow {
  id: string;
  user_id: string;
  issuer: string;
  subject: string;
  email: string | null;
  created_at: string;
  last_login_at: string | null;
}

export const identitiesRepo = {
  find: (db: Db, issuer: string, subject: string) => db<IdentityRow>('user_identities').where({ issuer, subject }).first(),
  hasAny: async (db: Db, userId: string) => Boolean(await db('user_identities').where({ user_id: userId }).first('id')),
};

function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

function checkEmailAllowed(settings: StoredSsoSettings, profile: ProviderProfile): void {
  if (settings.allowedEmailDomains.length === 0) return;
  if (!profile.email) throw new SsoSignInError('email_missing', `The provider sent no "${settings.emailClaim}" claim.`);
  if (!settings.allowedEmailDomains.includes(emailDomain(profile.email))) {
    throw new SsoSignInError('domain_not_allowed', `Emails at ${emailDomain(profile.email)} may not sign in here.`);
  }
}

async function linkIdentity(trx: Knex.Transaction, userId: string, profile: ProviderProfile, now: string): Promise<void> {
  await trx('user_identities').insert({
    id: newId(),
    user_id: userId,
    issuer: profile.issuer,
    subject: profile.subject,
    email: profile.email ? normalizeEmail(profile.email) : null,
    created_at: now,
    last_login_at: now,
  });
}

async function resolveOnce(knex: Knex, settings: StoredSsoSettings, profile: ProviderProfile, ip: string): Promise<SignInOutcome> {
  checkEmailAllowed(settings, profile);
  return knex.transaction(async (trx) => {
    const now = nowIso();
    const audit = (userId: string, how: SignInOutcome['how']) =>
      recordAudit(trx, {
        action: 'auth.sso_login',
        actorId: userId,
        targetType: 'user',
        targetId: userId,
        ip,
        details: { issuer: profile.issuer, outcome: how },
      });

    const identity = await identitiesRepo.find(trx, profile.issuer, profile.subject);
    if (identity) {
      const user = await usersRepo.findById(trx, identity.user_id);
      if (!user || user.disabled_at) throw new SsoSignInError('account_disabled', 'This account is disabled; ask an administrator.');
      await trx('user_identities')
        .where({ id: identity.id })
        .update({ last_login_at: now, email: profile.email ? normalizeEmail(profile.email) : identity.email });
      await audit(user.id, 'existing');
      return { userId: user.id, how: 'existing' };
    }

    if (!profile.email) throw new SsoSignInError('email_missing', `The provider sent no "${settings.emailClaim}" claim.`);
    if (!profile.emailVerified && !settings.trustUnverifiedEmail) {
      throw new SsoSignInError('email_not_verified', 'The provider has not verified this email address.');
    }

    const existing = await usersRepo.findByEmail(trx, profile.email);
    if (existing) {
      if (existing.disabled_at) throw new SsoSignInError('account_disabled', 'This account is disabled; ask an administrator.');
      await linkIdentity(trx, existing.id, profile, now);
      await audit(existing.id, 'linked');
      return { userId: existing.id, how: 'linked' };
    }

    const row: UserRow = {
      id: newId(),
      email: profile.email,
      name: profile.name?.trim().slice(0, 200) || normalizeEmail(profile.email),
      role: settings.defaultRole,
      password_hash: null,
      locale: null,
      created_at: now,
      disabled_at: null,
      department_id: null,
      manager_id: null,
    };
    await usersRepo.insert(trx, row);
    await linkIdentity(trx, row.id, profile, now);
    await appendEvent(trx, { type: 'user.created', actorId: null, payload: { userId: row.id, role: row.role } });
    await recordAudit(trx, {
      action: 'user.created',
      actorId: null,
      targetType: 'user',
      targetId: row.id,
      ip,
      details: { source: 'sso', issuer: profile.issuer, role: row.role },
    });
    await audit(row.id, 'created');
    return { userId: row.id, how: 'created' };
  });
}

/** Finds, links or creates the user; a first sign-in racing itself (two tabs) settles on one row. */
export async function resolveSsoUser(
  knex: Knex,
  settings: StoredSsoSettings,
  profile: ProviderProfile,
  ip: string,
): Promise<SignInOutcome> {
  try {
    return await resolveOnce(knex, settings, profile, ip);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return resolveOnce(knex, settings, profile, ip);
  }
}
