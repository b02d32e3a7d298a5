/**
 * The sign-in sequence: the shared throttle (429), the directory password where the person is a
 * directory account (accepted / rejected 401 / unreachable 503), the single-sign-on policy (403
 * password_login_disabled), then the local password. Every outcome is audited; a refusal's entry
 * names the email tried and, when it belongs to someone, that person.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginBody, SessionInfo } from '@formloom/schemas';
import type { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { verifyPassword } from '../../lib/secrets.ts';
import type { LoginThrottle } from '../../plugins/app/loginThrottle.ts';
import { toUser, usersRepo, type UserRow } from '../../repositories/users.ts';
import { recordAudit } from '../../services/audit/record.ts';
import { authenticateWithDirectory } from '../../services/directorySync/login.ts';
import { passwordLoginAllowed } from '../../services/sso/policy.ts';

type Reason = 'unknown_user' | 'wrong_password' | 'disabled' | 'directory_rejected' | 'password_login_disabled' | 'no_password';

export async function signIn(
  app: FastifyInstance,
  throttle: LoginThrottle,
  request: FastifyRequest,
  reply: FastifyReply,
  body: z.infer<typeof LoginBody>,
): Promise<z.infer<typeof SessionInfo>> {
  const { email, password } = body;
  const ip = request.ip;
  const lock = await throttle.lockout(ip, email);
  if (lock) throw tooManyAttempts(lock.retryAfterSeconds);

  const refuse = async (reason: Reason, user: UserRow | undefined): Promise<never> => {
    await recordAudit(app.db, {
      action: 'auth.login_failed',
      actorId: user?.id ?? null,
      targetType: 'user',
      targetId: user?.id ?? null,
      ip,
      details: { email: email.trim().toLowerCase(), reason },
    });
    if (reason !== 'password_login_disabled') {
      const policy = (await app.securitySettings()).throttling;
      const started = await throttle.recordFailure(ip, email, policy);
      for (const l of started) {
        await recordAudit(app.db, {
          action: 'auth.locked_out',
          actorId: null,
          targetType: l.scope === 'account' ? 'user' : 'address',
          targetId: l.scope === 'account' ? (user?.id ?? null) : ip,
          ip,
          details: { scope: l.scope, email: email.trim().toLowerCase(), lockoutMinutes: policy.lockoutMinutes },
        });
      }
    }
    if (reason === 'password_login_disabled') {
      throw new AppError(403, 'password_login_disabled', 'This account signs in with single sign-on; use the single sign-on button.');
    }
    throw new AppError(401, 'invalid_credentials', 'The email or password is wrong.');
  };

  const accept = async (user: UserRow, method: 'local' | 'ldap') => {
    await throttle.recordSuccess(email);
    const { csrfToken } = await app.startSession(reply, request, user.id);
    await recordAudit(app.db, { action: 'auth.login', actorId: user.id, targetType: 'user', targetId: user.id, ip, details: { method } });
    return { user: toUser(user), csrfToken };
  };

  const directory = await authenticateWithDirectory(app.db, app.secretBox, email, password);
  if (directory.kind === 'unavailable') {
    throw new AppError(503, 'directory_unavailable', `The company directory cannot be reached; try again shortly. (${directory.message})`);
  }
  if (directory.kind === 'rejected') return refuse('directory_rejected', await usersRepo.findByEmail(app.db, email));
  if (directory.kind === 'accepted') {
    const user = await usersRepo.findById(app.db, directory.userId);
    if (!user || user.disabled_at) return refuse('disabled', user);
    return accept(user, 'ldap');
  }

  const row = await usersRepo.findByEmail(app.db, email);
  if (row && !row.disabled_at && !(await passwordLoginAllowed(app.db, row.id))) return refuse('password_login_disabled', row);
  // Always pays for one hash, so the time taken does not tell which emails exist.
  const ok = await verifyPassword(password, row?.password_hash ?? null);
  if (!row) return refuse('unknown_user', undefined);
  if (!row.password_hash) return refuse('no_password', row);
  if (!ok) return refuse('wrong_password', row);
  if (row.disabled_at) return refuse('disabled', row);
  return accept(row, 'local');
}

/** 429 too_many_attempts with Retry-After. */
export function tooManyAttempts(seconds: number): AppError {
  return new AppError(
    429,
    'too_many_attempts',
    `Too many failed sign-ins; try again in ${Math.ceil(seconds / 60)} minute(s).`,
    { retryAfterSeconds: seconds },
    { 'retry-after': String(seconds) },
  );
}
