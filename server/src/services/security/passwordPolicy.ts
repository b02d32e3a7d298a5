import type { PasswordPolicy, PasswordProblem } from '@formloom/schemas';
import { UnprocessableError } from '../../lib/errors.ts';
import { isCommonPassword } from './commonPasswords.ts';

export interface PasswordOwner {
  email: string;
  name: string;
}

/** Parts of a person's identity a password must not contain: the email's local part and domain label, and name words. */
function personalTokens(owner: PasswordOwner): string[] {
  const [local = '', domain = ''] = owner.email.toLowerCase().split('@');
  const tokens = [
    local,
    domain.split('.')[0] ?? '',
    owner.name.toLowerCase().replace(/\s+/g, ''),
    ...owner.name.toLowerCase().split(/\s+/),
  ];
  for (const part of local.split(/[._+-]+/)) tokens.push(part);
  return [...new Set(tokens.filter((t) => t.length >= 4 && t !== 'localhost'))];
}

/** The policy's objections to a password, in a fixed order (empty: acceptable). History is checked separately. */
export function passwordProblems(password: string, policy: PasswordPolicy, owner: PasswordOwner): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < policy.minLength) problems.push('too_short');
  if (policy.requireLetters && !/\p{L}/u.test(password)) problems.push('needs_letter');
  if (policy.requireDigits && !/\p{Nd}/u.test(password)) problems.push('needs_digit');
  if (policy.refusePersonalInfo) {
    const lower = password.toLowerCase();
    if (personalTokens(owner).some((t) => lower.includes(t))) problems.push('contains_personal_info');
  }
  if (policy.refuseCommon && isCommonPassword(password)) problems.push('too_common');
  return problems;
}

const REASON_TEXT: Record<PasswordProblem, (p: PasswordPolicy) => string> = {
  too_short: (p) => `use at least ${p.minLength} characters`,
  needs_letter: () => 'include a letter',
  needs_digit: () => 'include a digit',
  contains_personal_info: () => 'do not use your name or email address',
  too_common: () => 'this is a commonly used password',
  reused: (p) => `do not reuse any of your last ${p.historyCount} passwords`,
};

/** 422 password_too_weak with the reasons (codes in details.reasons, words in the message). */
export function weakPasswordError(problems: PasswordProblem[], policy: PasswordPolicy): UnprocessableError {
  const words = problems.map((p) => REASON_TEXT[p](policy)).join('; ');
  return new UnprocessableError('password_too_weak', `Choose a stronger password: ${words}.`, { reasons: problems });
}

export function assertPasswordAcceptable(password: string, policy: PasswordPolicy, owner: PasswordOwner): void {
  const problems = passwordProblems(password, policy, owner);
  if (problems.length) throw weakPasswordError(problems, policy);
}
