/**
 * The canonical PDF of a submission: what a signer signs. A4, the bundled Noto Sans TC subset-embedded so
 * Chinese labels and answers render, saved without object streams (a classic xref table) so signatures
 * can be appended as incremental updates (placeholder.ts).
 */
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatInstant, valueLines, type ValueContext } from './pdfValues.ts';

type JsonObject = Record<string, unknown>;

const FONT_PATH = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-tc/400Regular/NotoSansTC_400Regular.ttf');
let fontBytes: Promise<Buffer> | undefined;
const loadFont = () => (fontBytes ??= fs.readFile(FONT_PATH));

/**
 * fontkit as pdf-lib sees it, handing back the bundled font parsed once per process: parsing the 7 MB
 * file was ~40 % of every PDF's time (bench/permissions.ts). Sharing it is safe: each document embeds its own subset
 * (createSubset per embedder), and what fontkit caches on the font (tables, glyphs, layout) comes from
 * the file alone. Only ever given the bytes of loadFont().
 */
let parsedFont: ReturnType<typeof fontkit.create> | undefined;
const bundledFontkit: Parameters<PDFDocument['registerFontkit']>[0] = { create: (bytes) => (parsedFont ??= fontkit.create(bytes)) };

export interface FlowDecision {
  step: string;
  person: string;
  decision: string;
  at: string;
  comment: string | null;
}

export interface CanonicalPdfInput {
  formId: string;
  formName: string;
  formVersion: number;
  schema: JsonObject;
  uiSchema: JsonObject;
  data: JsonObject;
  submissionId: string | null;
  submitter: string;
  submittedAt: string | null;
  contentHash: string;
  /** What this signature is for, one line (signing a field, approving a step). */
  purpose: string;
  decisions?: FlowDecision[];
  context: ValueContext;
  /** Fixed for reproducible output in tests; now otherwise. */
  createdAt?: Date;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const GREY = rgb(0.35, 0.35, 0.35);

/** Lines of at most `width` points: breaks at spaces, or anywhere in a word too long (and in CJK text). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const token of paragraph.split(
      /(?<=\s)|(?=[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF])|(?<=[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF])/u,
    )) {
      const next = line + token;
      if (font.widthOfTextAtSize(next, size) <= width) {
        line = next;
        continue;
      }
      if (line.trim()) out.push(line.trimEnd());
      line = token.trimStart();
      while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
        out.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    out.push(line.trimEnd());
  }
  return out;
}

/** Characters the font cannot draw (emoji, say) become "?" instead of failing the whole PDF. */
function drawable(set: ReadonlySet<number>, text: string): string {
  return [...text].map((ch) => (ch === '\n' || set.has(ch.codePointAt(0)!) ? ch : '?')).join('');
}

let characters: ReadonlySet<number> | undefined;

class Writer {
  page!: PDFPage;
  y = 0;
  private readonly characters: ReadonlySet<number>;
  constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
  ) {
    // The same font file every time: what it can draw is worked out once (it takes a moment for 20,000 glyphs).
    this.characters = characters ??= new Set(font.getCharacterSet());
    this.newPage();
  }
  newPage() {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  text(text: string, opts: { size?: number; indent?: number; color?: ReturnType<typeof rgb>; gap?: number } = {}) {
    const size = opts.size ?? 10;
    const indent = opts.indent ?? 0;
    const lineHeight = size * 1.45;
    for (const line of wrap(drawable(this.characters, text), this.font, size, A4[0] - 2 * MARGIN - indent)) {
      if (this.y - lineHeight < MARGIN) this.newPage();
      this.y -= lineHeight;
      this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font: this.font, color: opts.color ?? rgb(0, 0, 0) });
    }
    this.y -= opts.gap ?? 0;
  }
  rule() {
    if (this.y - 12 < MARGIN) this.newPage();
    this.y -= 6;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4[0] - MARGIN, y: this.y }, thickness: 0.5, color: GREY });
    this.y -= 6;
  }
}

export async function renderCanonicalPdf(input: CanonicalPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(bundledFontkit);
  const font = await doc.embedFont(await loadFont(), { subset: true });
  const created = input.createdAt ?? new Date();
  doc.setTitle(`${input.formName} — v${input.formVersion}`);
  doc.setProducer('Formloom');
  doc.setCreator('Formloom');
  doc.setCreationDate(created);
  doc.setModificationDate(created);

  const w = new Writer(doc, font);
  w.text('Submission for signature / 待簽署的提交', { size: 9, color: GREY });
  w.text(input.formName, { size: 16, gap: 4 });
  w.text(`Form version / 表單版本: ${input.formVersion}    Form / 表單: ${input.formId}`, { size: 9, color: GREY });
  if (input.submissionId) w.text(`Submission / 提交編號: ${input.submissionId}`, { size: 9, color: GREY });
  w.text(`Purpose / 用途: ${input.purpose}`, { size: 9, color: GREY });
  w.rule();

  for (const line of valueLines(input.schema, input.uiSchema, input.data, input.context)) {
    const indent = line.depth * 14;
    w.text(line.label, { size: 9, indent, color: GREY });
    if (line.value) w.text(line.value, { size: 11, indent, gap: 4 });
  }
  w.rule();

  w.text(`Submitted by / 提交人: ${input.submitter}`, { size: 10 });
  w.text(`Submitted at / 提交時間: ${input.submittedAt ? formatInstant(input.submittedAt) : 'not yet submitted / 尚未提交'}`, { size: 10 });
  if (input.decisions && input.decisions.length > 0) {
    w.text('Approval decisions so far / 審批紀錄', { size: 11, gap: 2 });
    for (const d of input.decisions) {
      w.text(`${d.step}: ${d.person} — ${d.decision}, ${formatInstant(d.at)}${d.comment ? ` — “${d.comment}”` : ''}`, {
        size: 9,
        indent: 14,
      });
    }
  }
  w.rule();
  w.text('Content hash (SHA-256) / 內容雜湊值', { size: 9, color: GREY });
  w.text(input.contentHash, { size: 9 });
  w.text(`Generated / 產生時間: ${formatInstant(created.toISOString())}`, { size: 8, color: GREY });
  w.text(
    'Signed with the signer’s own certificate (PAdES). Verify in a PDF reader or at /verify. / 以簽署人本身的數碼證書簽署（PAdES），可在 PDF 閱讀器或 /verify 核實。',
    { size: 8, color: GREY },
  );

  const pages = doc.getPages();
  pages.forEach((page, i) =>
    page.drawText(`${i + 1} / ${pages.length}`, { x: A4[0] - MARGIN - 30, y: MARGIN / 2, size: 8, font, color: GREY }),
  );
  return doc.save({ useObjectStreams: false });
}
