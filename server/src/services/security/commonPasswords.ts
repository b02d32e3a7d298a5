import fs from 'node:fs';

/**
 * The bundled list of common passwords (commonPasswords.txt: the 5,000 most frequent from the
 * zxcvbn project's frequency list, MIT licence, lower-cased, at least 4 characters). Loaded once.
 */
let list: Set<string> | null = null;

function commonPasswords(): Set<string> {
  list ??= new Set(
    fs
      .readFileSync(new URL('./commonPasswords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean),
  );
  return list;
}

/**
 * A password on the list, or one of them with digits or symbols around it ("Password2025!",
 * "!!sunshine1"): people dress up a common word that way, and guessing tools try exactly that.
 */
export function isCommonPassword(password: string): boolean {
  const words = commonPasswords();
  const lower = password.toLowerCase();
  if (words.has(lower)) return true;
  const core = lower.replace(/^[^a-z]+/, '').replace(/[^a-z]+$/, '');
  return core.length >= 4 && core !== lower && words.has(core);
}
