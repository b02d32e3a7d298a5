/**
 * POST /api/signatures/verify: every signature of any PDF — each /ByteRange must start at 0 and leave
 * out exactly its hex /Contents; the CMS is checked over those bytes (cmsVerify.ts); a signature whose
 * range ends before the file does has later revisions after it (`modifiedAfter`).
 */
import * as asn1js from 'asn1js';
import type { VerifiedSignature, VerifyResult } from '@formloom/schemas';
import { UnprocessableError } from '../../lib/errors.ts';
import { checkCms, type TrustAnchor } from './cmsVerify.ts';

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

/** The dictionary text around a /ByteRange (from its `obj` to `endobj`), for the Formloom keys. */
function dictionaryAround(text: string, at: number): string {
  const start = text.lastIndexOf(' obj', at);
  const end = text.indexOf('endobj', at);
  return text.slice(start < 0 ? Math.max(0, at - 4096) : start, end < 0 ? at + 4096 : end);
}

const literal = (dict: string, key: string) => dict.match(new RegExp(`/${key}\\s*\\(([^)]*)\\)`))?.[1] ?? null;

export async function verifyPdf(pdf: Buffer, anchors: TrustAnchor[]): Promise<VerifyResult> {
  if (pdf.length < 8 || pdf.subarray(0, 1024).indexOf('%PDF-') < 0) {
    throw new UnprocessableError('not_a_pdf', 'This file is not a PDF; send the signed PDF itself.');
  }
  const text = pdf.toString('latin1');
  const end = text.replace(/[\s\0]+$/, '').length;
  const signatures: VerifiedSignature[] = [];
  for (const match of text.matchAll(BYTE_RANGE)) {
    const [a, b, c, d] = match.slice(1, 5).map(Number);
    const dict = dictionaryAround(text, match.index!);
    const formVersion = dict.match(/\/FL_FormVersion\s+(\d+)/)?.[1];
    const base: VerifiedSignature = {
      signer: null,
      signedAt: null,
      trusted: false,
      revoked: false,
      intact: false,
      coversWholeDocument: false,
      modifiedAfter: false,
      formId: literal(dict, 'FL_FormId'),
      formVersion: formVersion ? Number(formVersion) : null,
      contentHash: literal(dict, 'FL_ContentHash'),
      problems: [],
    };
    const wellFormed = a === 0 && b > 0 && c > b && c + d <= pdf.length && pdf[b] === 0x3c && pdf[c - 1] === 0x3e;
    if (!wellFormed) {
      signatures.push({ ...base, problems: ['byte_range_invalid'] });
      continue;
    }
    const hex = text.slice(b + 1, c - 1).replace(/\s+/g, '');
    const padded = Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
    // /Contents is zero-padded: the CMS ends where its outer DER length says.
    const parsed = asn1js.fromBER(new Uint8Array(padded));
    const cms = parsed.offset > 0 ? padded.subarray(0, parsed.offset) : padded;
    const signed = Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, c + d)]);
    const check = await checkCms(new Uint8Array(cms), { signed: { bytes: new Uint8Array(signed) }, anchors });
    const rangeEnd = c + d;
    signatures.push({
      ...base,
      signer: check.signer,
      signedAt: check.signedAt?.toISOString() ?? null,
      trusted: check.trusted,
      revoked: check.revoked,
      intact: check.intact,
      coversWholeDocument: rangeEnd >= end,
      modifiedAfter: rangeEnd < end,
      problems: check.problems,
    });
  }
  if (signatures.length === 0) throw new UnprocessableError('no_signatures', 'This PDF has no digital signatures to check.');
  // A later revision is fine when a later signature covers it; the document as a whole holds when the last one does.
  const last = signatures.reduce((x, y) => (y.coversWholeDocument ? y : x), signatures[signatures.length - 1]);
  const valid =
    last.coversWholeDocument && signatures.every((s) => s.intact && s.trusted && !s.revoked && s.problems.every((p) => p === 'crl_stale'));
  return { valid, signatures };
}
