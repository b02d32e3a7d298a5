import { describe, expect, it } from 'vitest';
import { LOGIN_WINDOW_MS, LoginThrottle, MAX_FAILURES_PER_ACCOUNT } from './loginThrottle.ts';

describe('LoginThrottle', () => {
  it('blocks an address+email after too many failures until the window passes', () => {
    let now = 0;
    const t = new LoginThrottle(() => now);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect(t.retryAfter('1.2.3.4', 'a@x')).toBe(0);
      t.recordFailure('1.2.3.4', 'A@x');
    }
    expect(t.retryAfter('1.2.3.4', 'a@x')).toBe(LOGIN_WINDOW_MS / 1000);
    expect(t.retryAfter('5.6.7.8', 'a@x')).toBe(0); // another address is not blocked
    now += LOGIN_WINDOW_MS;
    expect(t.retryAfter('1.2.3.4', 'a@x')).toBe(0);
  });

  it('a success clears the account counter', () => {
    const t = new LoginThrottle(() => 0);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) t.recordFailure('ip', 'a@x');
    t.recordSuccess('ip', 'a@x');
    t.recordFailure('ip', 'a@x');
    expect(t.retryAfter('ip', 'a@x')).toBe(0);
  });
});
