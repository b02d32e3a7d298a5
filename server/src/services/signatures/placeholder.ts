/**
 * A PAdES signature slot appended to a PDF as an incremental update: the earlier bytes (and so every
 * earlier signature) stay exactly as they were. The update holds the signature dictionary
 * (SubFilter ETSI.CAdES.detached, a zero-filled /Contents), an invisible widget on the first page, the page
 * with the widget added to its /Annots, and the catalog with the field added to the /AcroForm; then an
 * xref section with /Prev. We write it ourselves: @signpdf/placeholder-plain rewrites the page's /Annots
 * to just its own widget and finds an existing /AcroForm by text search, which loses earlier signature
 * fields on the second signature.
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef } from 'pdf-lib';

/** Room for the CMS: the signer's certificate and a chain of a few more (an e-Cert's is ~5 KB). */
export const CONTENTS_BYTES = 16_384;
const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 ********** ********** **********]';

export interface SignatureSlot {
  /** The PDF with the slot; /ByteRange filled in, /Contents still zeros. */
  pdf: Uint8Array;
  /** sha256 over the byte ranges: what the signer signs. */
  digest: Uint8Array;
  /** Offset of the `<` that opens /Contents, and the bytes it can hold. */
  contentsOffset: number;
  contentsLength: number;
}

export interface SlotOptions {
  name: string;
  reason: string;
  signingTime: Date;
  /** Stored in the signature dictionary (so inside the signed bytes) for verifiers of Formloom PDFs. */
  formId: string;
  formVersion: number;
  contentHash: string;
}

const pdfDate = (d: Date) => {
  const iso = d.toISOString();
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
};
const text = (s: string) => PDFHexString.fromText(s).toString();
const literal = (s: string) => `(${s.replace(/[^A-Za-z0-9._-]/g, '')})`;

function lastStartXref(pdf: Uint8Array): number {
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 2048))).toString('latin1');
  const matches = [...tail.matchAll(/startxref\s+(\d+)/g)];
  if (matches.length === 0) throw new Error('No startxref in the PDF');
  return Number(matches[matches.length - 1][1]);
}

export async function addSignatureSlot(base: Uint8Array, opts: SlotOptions): Promise<SignatureSlot> {
  const doc = await PDFDocument.load(base, { updateMetadata: false });
  const context = doc.context;
  const rootRef = context.trailerInfo.Root as PDFRef;
  const catalog = context.lookup(rootRef, PDFDict);
  const page = doc.getPage(0);
  const pageNode = context.lookup(page.ref, PDFDict);

  const oldForm = catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const oldFields = oldForm?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  const fields: PDFRef[] = [];
  for (let i = 0; i < (oldFields?.size() ?? 0); i++) {
    const f = oldFields!.get(i);
    if (f instanceof PDFRef) fields.push(f);
  }
  const sigNumber = context.largestObjectNumber + 1;
  const widgetNumber = sigNumber + 1;
  const widgetRef = PDFRef.of(widgetNumber);
  const fieldName = `Signature${fields.length + 1}`;

  const annots = pageNode.lookupMaybe(PDFName.of('Annots'), PDFArray);
  const annotRefs = [];
  for (let i = 0; i < (annots?.size() ?? 0); i++) annotRefs.push(annots!.get(i));
  pageNode.set(PDFName.of('Annots'), context.obj([...annotRefs, widgetRef]));

  const form = context.obj({}) as PDFDict;
  if (oldForm) for (const [key, value] of oldForm.entries()) form.set(key, value);
  form.set(PDFName.of('Fields'), context.obj([...fields, widgetRef]));
  form.set(PDFName.of('SigFlags'), context.obj(3)); // SignaturesExist | AppendOnly
  catalog.set(PDFName.of('AcroForm'), form);

  const contentsPlaceholder = `<${'0'.repeat(CONTENTS_BYTES * 2)}>`;
  const sigDict =
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${BYTE_RANGE_PLACEHOLDER} ` +
    `/Contents ${contentsPlaceholder} /M (${pdfDate(opts.signingTime)}) /Name ${text(opts.name)} /Reason ${text(opts.reason)} ` +
    `/Prop_Build << /App << /Name /Formloom >> >> ` +
    `/FL_FormId ${literal(opts.formId)} /FL_FormVersion ${opts.formVersion} /FL_ContentHash ${literal(opts.contentHash)} >>`;
  const widgetDict = `<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 0 0] /V ${sigNumber} 0 R /T ${text(fieldName)} /F 132 /P ${page.ref.toString()} >>`;

  let body = Buffer.from(base);
  // The earlier revision ends with %%EOF; a newline keeps the new objects on their own lines.
  const parts: Buffer[] = [body];
  let offset = body.length;
  const offsets = new Map<number, { offset: number; gen: number }>();
  const add = (num: number, gen: number, dict: string) => {
    const chunk = Buffer.from(`\n${num} ${gen} obj\n${dict}\nendobj`, 'latin1');
    offsets.set(num, { offset: offset + 1, gen });
    parts.push(chunk);
    offset += chunk.length;
  };
  add(sigNumber, 0, sigDict);
  add(widgetNumber, 0, widgetDict);
  add(page.ref.objectNumber, page.ref.generationNumber, pageNode.toString());
  add(rootRef.objectNumber, rootRef.generationNumber, catalog.toString());

  const xrefOffset = offset + 1;
  let xref = '\nxref\n';
  for (const [num, { offset: at, gen }] of [...offsets.entries()].sort((a, b) => a[0] - b[0])) {
    xref += `${num} 1\n${String(at).padStart(10, '0')} ${String(gen).padStart(5, '0')} n \n`;
  }
  const trailer = context.trailerInfo;
  const extra = [trailer.Info ? `/Info ${trailer.Info.toString()}` : '', trailer.ID ? `/ID ${trailer.ID.toString()}` : ''].join(' ');
  xref += `trailer\n<< /Size ${widgetNumber + 1} /Root ${rootRef.toString()} ${extra} /Prev ${lastStartXref(base)} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  body = Buffer.concat(parts);

  const contentsOffset = body.indexOf(contentsPlaceholder, base.length, 'latin1');
  const contentsEnd = contentsOffset + contentsPlaceholder.length;
  const byteRange = `/ByteRange [0 ${contentsOffset} ${contentsEnd} ${body.length - contentsEnd}]`;
  const rangeAt = body.indexOf(BYTE_RANGE_PLACEHOLDER, base.length, 'latin1');
  body.write(byteRange.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), rangeAt, 'latin1');

  const digest = createHash('sha256').update(body.subarray(0, contentsOffset)).update(body.subarray(contentsEnd)).digest();
  return { pdf: new Uint8Array(body), digest: new Uint8Array(digest), contentsOffset, contentsLength: CONTENTS_BYTES };
}

/** The PDF with the CMS written into its /Contents slot (hex, zero-padded). */
export function embedCms(pdf: Uint8Array, contentsOffset: number, contentsLength: number, cms: Uint8Array): Uint8Array {
  if (cms.length > contentsLength) throw new Error(`The signature is ${cms.length} bytes; the PDF has room for ${contentsLength}`);
  const out = Buffer.from(pdf);
  out.write(Buffer.from(cms).toString('hex').toUpperCase(), contentsOffset + 1, 'latin1');
  return new Uint8Array(out);
}
