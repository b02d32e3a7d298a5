export {
  parseGs1,
  gs1Date,
  Gs1ParseError,
  GS,
  type Gs1Data,
  type Gs1Element,
  type Gs1Options,
  type Gs1ProblemCode,
  type Gs1Result,
} from './parseGs1.ts';
export { isValidGtin, gtinCheckDigit, gtinSpellings } from './gtin.ts';
export { scanLookupCodes } from './scanLookup.ts';
