import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttlCache.ts';

describe('TtlCache', () => {
  it('forgets entries after the TTL and on delete', () => {
    let now = 1_000;
    const cache = new TtlCache<string>(5_000, 10, () => now);
    cache.set('a', 'alice');
    expect(cache.get('a')).toBe('alice');
    now += 4_999;
    expect(cache.get('a')).toBe('alice');
    now += 1;
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', 'bob');
    cache.delete('b');
    expect(cache.get('b')).toBeUndefined();
  });

  it('never grows past its bound', () => {
    const cache = new TtlCache<number>(1_000, 3);
    for (let i = 0; i < 10; i++) cache.set(String(i), i);
    expect(['7', '8', '9'].map((k) => cache.get(k)).filter((v) => v !== undefined).length).toBeGreaterThan(0);
    expect(['0', '1', '2', '3'].map((k) => cache.get(k)).every((v) => v === undefined)).toBe(true);
  });
});
