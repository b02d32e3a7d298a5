/**
 * GTINs (GTIN-8, -12 (UPC-A), -13 (EAN-13), -14): digits whose last one is a mod-10 check digit
 * weighted 3,1,3,… from the right. The same trade item may be written in any width with leading
 * zeros (EAN-13 0012345678905 is GTIN-14 00012345678905), so a lookup compares all widths.
 */
const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

export function isValidGtin(digits: string): boolean {
  if (!GTIN_LENGTHS.has(digits.length) || !/^\d+$/.test(digits)) return false;
  return gtinCheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}

/** The check digit for the digits before it. */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Every way of writing the same GTIN (valid check digit required): the 14-digit form and the
 * shorter ones reached by dropping leading zeros. Empty for anything that is not a GTIN.
 */
export function gtinSpellings(code: string): string[] {
  if (!isValidGtin(code)) return [];
  const full = code.padStart(14, '0');
  return [14, 13, 12, 8].filter((width) => /^0*$/.test(full.slice(0, 14 - width))).map((width) => full.slice(14 - width));
}
