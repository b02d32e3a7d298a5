import { describe, expect, it } from 'vitest';
import { centsToAmount, lineCents, parseDecimal, sumCents, toCents } from './money.ts';

describe('money in integer cents', () => {
  it('reads the decimal people typed, not the binary float', () => {
    expect(parseDecimal(0.1)).toEqual({ units: 1n, scale: 1 });
    expect(parseDecimal('19.99')).toEqual({ units: 1999n, scale: 2 });
    expect(parseDecimal(1e-7)).toEqual({ units: 100000n, scale: 12 });
    expect(parseDecimal('12abc')).toBeNull();
    expect(parseDecimal(Number.NaN)).toBeNull();
    expect(parseDecimal(null)).toBeNull();
  });

  it('sums 0.1 + 0.2 to exactly 0.30', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(centsToAmount(sumCents([toCents(0.1)!, toCents(0.2)!]))).toBe(0.3);
  });

  it('multiplies quantity × unit price exactly and rounds once, half away from zero', () => {
    expect(3 * 0.1).not.toBe(0.3);
    expect(lineCents(3, 0.1)).toBe(30n);
    expect(lineCents(3, 45.5)).toBe(13650n);
    expect(lineCents(2, 19.99)).toBe(3998n);
    expect(lineCents(1.5, 0.333)).toBe(50n); // 0.4995 → 0.50
    expect(lineCents(0.001, 4.99)).toBe(0n); // 0.00499 → 0.00
    expect(toCents(1.005)).toBe(101n); // the float 1.005 is 1.00499…, the typed value is 1.005
    expect(toCents(-2.345)).toBe(-235n);
    expect(lineCents('x', 1)).toBeNull();
  });

  it('turns cents back into the shortest exact JSON number', () => {
    expect(centsToAmount(124686n)).toBe(1246.86);
    expect(JSON.stringify(centsToAmount(30n))).toBe('0.3');
    expect(centsToAmount(1200n)).toBe(12);
  });
});
