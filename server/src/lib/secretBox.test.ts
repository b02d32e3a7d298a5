import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecretKey, secretBoxFromKey } from './secretBox.ts';

describe('secretBox', () => {
  const box = secretBoxFromKey(Buffer.alloc(32, 7));

  it('opens what it sealed, and seals the same text differently each time', () => {
    const a = box.seal('shpat_secret');
    expect(box.open(a)).toBe('shpat_secret');
    expect(box.seal('shpat_secret')).not.toBe(a);
    expect(a).not.toContain('shpat');
  });

  it('refuses a changed ciphertext and another key', () => {
    const sealed = box.seal('token');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tokem').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => secretBoxFromKey(Buffer.alloc(32, 8)).open(sealed)).toThrow();
  });

  it('makes a 0600 key file once and reads it back; the environment wins', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'formloom-key-'));
    const first = loadSecretKey(dir, {});
    expect(first).toHaveLength(32);
    expect(loadSecretKey(dir, {}).equals(first)).toBe(true);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    const env = { FORMLOOM_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') };
    expect(loadSecretKey(dir, env).equals(Buffer.alloc(32, 1))).toBe(true);
  });
});
