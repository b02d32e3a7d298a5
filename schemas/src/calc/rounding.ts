/**
 * Decimal rounding for calculated values. Arithmetic on binary floats leaves noise
 * (0.1 + 0.2 === 0.30000000000000004, 1.005 * 100 === 100.49999999999999), so round in decimal.
 */

// 15 significant digits is what a double always holds exactly; past that is representation noise.
const SIGNIFICANT_DIGITS = 15;

/** Drops binary noise without changing a value's real digits: 0.30000000000000004 → 0.3. */
export function stripFloatNoise(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(SIGNIFICANT_DIGITS)) : value;
}

/** Rounds half away from zero to `decimals` places, shifting the decimal exponent in the string form. */
export function roundTo(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const clean = Math.abs(stripFloatNoise(value));
  // From 1e15 on, 15 significant digits leave no decimals to round (and the string form below would
  // switch to exponent notation past 1e21).
  if (clean >= 1e15) return Math.sign(value) * clean;
  const [mantissa, exponent] = clean.toExponential().split('e');
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + decimals}`));
  return Math.sign(value) * Number(`${shifted}e-${decimals}`);
}

export function roundMoney(value: number): number {
  return roundTo(value, 2);
}
