import { describe, expect, it } from 'vitest';
import { GS, gs1Date, parseGs1 } from './parseGs1.ts';
import { gtinCheckDigit, gtinSpellings, isValidGtin } from './gtin.ts';
import { scanLookupCodes } from './scanLookup.ts';

const today = new Date('2026-11-25T00:00:00Z');
const read = (raw: string) => {
  const result = parseGs1(raw, { today });
  if (!result?.ok) throw new Error(`expected GS1 data, got ${JSON.stringify(result)}`);
  return result.gs1;
};
const problem = (raw: string) => {
  const result = parseGs1(raw, { today });
  if (!result || result.ok) throw new Error(`expected a GS1 problem, got ${JSON.stringify(result)}`);
  return result.error.code;
};

describe('GTIN check digits', () => {
  it('accepts valid GTIN-8/12/13/14 and refuses a wrong check digit', () => {
    expect(isValidGtin('09501101530003')).toBe(true);
    expect(isValidGtin('4006381333931')).toBe(true); // EAN-13
    expect(isValidGtin('036000291452')).toBe(true); // UPC-A
    expect(isValidGtin('96385074')).toBe(true); // EAN-8
    expect(isValidGtin('4006381333932')).toBe(false);
    expect(isValidGtin('400638133393')).toBe(false); // 12 digits, wrong as UPC-A
    expect(isValidGtin('40063813339A')).toBe(false);
    expect(gtinCheckDigit('950110153000')).toBe(3);
  });

  it('spells one GTIN in every width its leading zeros allow', () => {
    expect(gtinSpellings('00036000291452')).toEqual(['00036000291452', '0036000291452', '036000291452']);
    expect(gtinSpellings('4006381333931')).toEqual(['04006381333931', '4006381333931']);
    expect(gtinSpellings('00000096385074')).toEqual(['00000096385074', '0000096385074', '000096385074', '96385074']);
    expect(gtinSpellings('ABC')).toEqual([]);
  });
});

describe('parseGs1', () => {
  it('reads GTIN, expiry, batch, serial and count across GS separators with the GS1-128 prefix', () => {
    const data = read(`]C10109501101530003172612311012AB${GS}21SN-7${GS}3025`);
    expect(data).toMatchObject({ gtin: '09501101530003', expiry: '2026-12-31', batch: '12AB', serial: 'SN-7', count: 25 });
    expect(data.elements.map((e) => e.ai)).toEqual(['01', '17', '10', '21', '30']);
  });

  it('accepts the DataMatrix (]d2) and QR (]Q3) prefixes and a leading FNC1', () => {
    expect(read(`]d2${GS}01095011015300031012345`).batch).toBe('12345');
    expect(read(']Q30109501101530003').gtin).toBe('09501101530003');
  });

  it('ends a variable-length field at the end of the code when it is last', () => {
    expect(read('010950110153000321ABC123')).toMatchObject({ gtin: '09501101530003', serial: 'ABC123' });
  });

  it('reads the bracketed form printed under the bars', () => {
    expect(read('(01)09501101530003(17)270200(10)LOT 9')).toMatchObject({ expiry: '2027-02-28', batch: 'LOT 9' });
  });

  it('reads a day of 00 as the last day of the month, leap years included', () => {
    expect(gs1Date('280200', today)).toBe('2028-02-29');
    expect(gs1Date('260400', today)).toBe('2026-04-30');
  });

  it('puts two-digit years in the 50-year sliding window around today', () => {
    expect(gs1Date('760101', today)).toBe('2076-01-01'); // 50 ahead: this century
    expect(gs1Date('770101', today)).toBe('1977-01-01'); // 51 ahead: last century
    expect(gs1Date('990101', new Date('2001-06-01T00:00:00Z'))).toBe('1999-01-01');
    expect(gs1Date('010101', new Date('2099-06-01T00:00:00Z'))).toBe('2101-01-01');
  });

  it('skips fixed-length AIs it does not map (SSCC, net weight) and keeps them in elements', () => {
    const data = read(`]C1003123456789012345670109501101530003310300150010B7`);
    expect(data.gtin).toBe('09501101530003');
    expect(data.batch).toBe('B7');
    expect(data.elements).toContainEqual({ ai: '3103', value: '001500' });
  });

  it('tolerates a redundant separator after a fixed-length field and separators written as <GS>', () => {
    expect(read(`]C101095011015300031726123110AB<GS>21X`)).toMatchObject({ batch: 'AB', serial: 'X' });
    expect(read(`]C10109501101530003${GS}10AB`).batch).toBe('AB');
  });

  it('says what is wrong with data that claims to be GS1', () => {
    expect(problem(']C10109501101530004')).toBe('gs1_check_digit');
    expect(problem(']C1010950110153')).toBe('gs1_bad_length');
    expect(problem(']C1010950110153000317261301')).toBe('gs1_bad_date');
    expect(problem(']C1010950110153000317261232')).toBe('gs1_bad_date');
    expect(problem(']C10109501101530003 x')).toBe('gs1_unknown_ai');
    expect(problem(']C130ABC')).toBe('gs1_not_numeric');
    expect(problem(`]C110${'X'.repeat(21)}`)).toBe('gs1_bad_length');
    expect(problem(']C1')).toBe('gs1_empty');
    expect(problem('(01)09501101530003(1')).toBe('gs1_unknown_ai');
  });

  it('leaves codes that are not GS1 alone', () => {
    expect(parseGs1('4006381333931')).toBeNull(); // EAN-13
    expect(parseGs1('0109501101530003')).toBeNull(); // 16 digits only: could be any Code 128
    expect(parseGs1('PART-0042')).toBeNull();
    expect(parseGs1('https://example.com/01/09501101530003')).toBeNull();
    expect(parseGs1('01095011015300041012')).toBeNull(); // AI 01 lookalike with a wrong check digit
  });

  it('takes a code led by AI 01 with a valid GTIN and more data for GS1 even without a prefix', () => {
    expect(read('01095011015300031012').batch).toBe('12');
  });
});

describe('scanLookupCodes', () => {
  it('looks up the code, its GTIN and the GTIN in every width', () => {
    expect(scanLookupCodes(']C10100036000291452108')).toEqual([
      ']C10100036000291452108',
      '00036000291452',
      '0036000291452',
      '036000291452',
    ]);
    expect(scanLookupCodes('4006381333931')).toEqual(['4006381333931', '04006381333931']);
    expect(scanLookupCodes('PART-0042')).toEqual(['PART-0042']);
  });
});
