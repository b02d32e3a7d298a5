/**
 * Money in integer cents, so a bill of 0.1 + 0.2 is 0.30 and not 0.30000000000000004. Values come
 * from JSON numbers; their shortest decimal form (what people typed) is read exactly as a fraction.
 */

interface Decimal {
  units: bigint;
  scale: number;
}

/** The exact decimal a JSON number or numeric string stands for; null if it is not one. */
export function parseDecimal(value: unknown): Decimal | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = /e/i.test(String(value)) ? value.toFixed(12) : String(value);
  } else if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    text = value.trim();
  } else {
    return null;
  }
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const units = BigInt(whole + fraction) * (negative ? -1n : 1n);
  return { units, scale: fraction.length };
}

/** units / 10^scale × 100, rounded half away from zero. */
function toCentsExact(units: bigint, scale: number): bigint {
  if (scale <= 2) return units * 10n ** BigInt(2 - scale);
  const divisor = 10n ** BigInt(scale - 2);
  const half = divisor / 2n;
  return units >= 0n ? (units + half) / divisor : -((-units + half) / divisor);
}

/** A money value in cents, or null if it is not a number. */
export function toCents(value: unknown): bigint | null {
  const d = parseDecimal(value);
  return d ? toCentsExact(d.units, d.scale) : null;
}

/** quantity × unit price in cents, the product taken exactly and rounded once. */
export function lineCents(quantity: unknown, unitPrice: unknown): bigint | null {
  const q = parseDecimal(quantity);
  const p = parseDecimal(unitPrice);
  if (!q || !p) return null;
  return toCentsExact(q.units * p.units, q.scale + p.scale);
}

/** Cents as the JSON number QuickBooks expects (12345n → 123.45): the shortest form is exact. */
export function centsToAmount(cents: bigint): number {
  return Number(cents) / 100;
}

export const sumCents = (values: bigint[]): bigint => values.reduce((a, b) => a + b, 0n);
