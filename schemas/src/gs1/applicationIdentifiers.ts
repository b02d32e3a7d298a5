/**
 * The GS1 Application Identifiers the parser knows: how long each AI is and how long its data may be.
 * An element string is read AI by AI, so an AI we do not know stops the reading (its length is
 * unknown); the table therefore covers the AIs found on trade items and logistic labels, not only the
 * five Formloom maps to fields (01 GTIN, 10 batch, 17 expiry, 21 serial, 30 count).
 *
 * Source: GS1 General Specifications, section 3.2 (AI table) and figure 7.8.4-2 (AIs of predefined
 * length, which need no separator after them).
 */
export interface AiSpec {
  /** The AI digits, e.g. "01" or "3103". */
  ai: string;
  /** Data length: exact for fixed-length AIs, the maximum otherwise. */
  length: number;
  fixed: boolean;
  numeric: boolean;
}

const fixedNumeric = (ai: string, length: number): AiSpec => ({ ai, length, fixed: true, numeric: true });
const variable = (ai: string, length: number, numeric = false): AiSpec => ({ ai, length, fixed: false, numeric });

const TWO_DIGIT: AiSpec[] = [
  fixedNumeric('00', 18), // SSCC
  fixedNumeric('01', 14), // GTIN
  fixedNumeric('02', 14), // GTIN of contained items
  variable('10', 20), // batch / lot
  fixedNumeric('11', 6), // production date
  fixedNumeric('12', 6), // due date
  fixedNumeric('13', 6), // packaging date
  fixedNumeric('15', 6), // best before
  fixedNumeric('16', 6), // sell by
  fixedNumeric('17', 6), // expiry
  fixedNumeric('20', 2), // variant
  variable('21', 20), // serial
  variable('22', 20), // consumer product variant
  variable('30', 8, true), // variable count
  variable('37', 8, true), // count of contained items
  variable('90', 30), // internal, agreed between partners
  ...['91', '92', '93', '94', '95', '96', '97', '98', '99'].map((ai) => variable(ai, 90)), // company internal
];

const THREE_DIGIT: AiSpec[] = [
  variable('235', 28),
  variable('240', 30), // additional product id
  variable('241', 30), // customer part number
  variable('242', 6, true),
  variable('243', 20),
  variable('250', 30), // secondary serial
  variable('251', 30), // reference to source entity
  variable('253', 30), // GDTI
  variable('254', 20),
  variable('255', 25), // GCN
  variable('400', 30), // customer's order number
  variable('401', 30), // GINC
  fixedNumeric('402', 17), // GSIN
  variable('403', 30), // routing code
  ...['410', '411', '412', '413', '414', '415', '416', '417'].map((ai) => fixedNumeric(ai, 13)), // GLNs
  variable('420', 20), // ship-to postal code
  variable('421', 12), // ship-to postal code with country
  fixedNumeric('422', 3), // country of origin
  variable('423', 15, true),
  fixedNumeric('424', 3),
  variable('425', 15, true),
  fixedNumeric('426', 3),
  variable('427', 3),
];

const FOUR_DIGIT: AiSpec[] = [
  fixedNumeric('7001', 13), // NATO stock number
  variable('7002', 30),
  fixedNumeric('7003', 10), // expiration date and time
  variable('7004', 4, true),
  variable('7005', 12),
  fixedNumeric('7006', 6),
  variable('7007', 12, true),
  variable('7008', 3),
  variable('7009', 10),
  variable('7010', 2),
  variable('7240', 20),
  variable('8001', 14, true),
  variable('8002', 20),
  variable('8003', 30),
  variable('8004', 30),
  fixedNumeric('8005', 6),
  fixedNumeric('8006', 18),
  variable('8007', 34),
  variable('8008', 12, true),
  variable('8010', 30),
  variable('8011', 12, true),
  variable('8012', 20),
  variable('8013', 25),
  fixedNumeric('8017', 18),
  fixedNumeric('8018', 18),
  variable('8019', 10, true),
  variable('8020', 25),
  fixedNumeric('8026', 18),
  variable('8200', 70),
];

const TABLE = new Map<string, AiSpec>([...TWO_DIGIT, ...THREE_DIGIT, ...FOUR_DIGIT].map((spec) => [spec.ai, spec]));

/**
 * Measures (31nn–36nn: net weight, length, area… with the decimal places in the 4th digit) are
 * 4-digit AIs with 6 digits; amounts (390n–395n) are 4-digit AIs of up to 15 digits (or 3 + 15 with an
 * ISO currency for 391n/393n).
 */
function measureOrAmount(ai4: string): AiSpec | undefined {
  if (!/^\d{4}$/.test(ai4)) return undefined;
  const head = Number(ai4.slice(0, 2));
  if (head >= 31 && head <= 36) return fixedNumeric(ai4, 6);
  const head3 = ai4.slice(0, 3);
  if (head3 === '390' || head3 === '392' || head3 === '394' || head3 === '395') return variable(ai4, 15, true);
  if (head3 === '391' || head3 === '393') return variable(ai4, 18, true);
  return undefined;
}

/** The AI at the start of `text`, if it is one the parser knows (longest match first is unambiguous: GS1 AIs are prefix-free). */
export function aiAt(text: string): AiSpec | undefined {
  return TABLE.get(text.slice(0, 2)) ?? TABLE.get(text.slice(0, 3)) ?? TABLE.get(text.slice(0, 4)) ?? measureOrAmount(text.slice(0, 4));
}

/** The AI spec of a given AI number (for bracketed input such as "(01)…", where the AI is written out). */
export function aiSpec(ai: string): AiSpec | undefined {
  return TABLE.get(ai) ?? measureOrAmount(ai);
}
