import fs from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';

/**
 * What an uploaded file really is, decided from its bytes (the name and the declared type are the
 * sender's word, and a renamed program is the attack). Only files a form could want are kept:
 * images, PDF, Office and OpenDocument documents, and plain UTF-8 text (CSV included).
 */

export type FileKind = 'image' | 'document' | 'text';

export interface AcceptedType {
  kind: FileKind;
  contentType: string;
  /** Extensions a download of this type may keep; the first is added to a name with none of them. */
  extensions: readonly string[];
}

export interface RefusedType {
  /** A stable key for what was found (`exe`, `zip`, `script`, `binary`, …), for clients to translate. */
  detected: string;
  /** The same in English, to finish the sentence "This file is …". */
  description: string;
}

/** What the streaming receiver noticed about the bytes, for files without a magic number. */
export interface TextEvidence {
  /** Valid UTF-8 with no NUL byte, start to end. */
  isText: boolean;
  /** The first bytes, to tell a script or web page from plain text. */
  head: Buffer;
}

const image = (contentType: string, ...extensions: string[]): AcceptedType => ({ kind: 'image', contentType, extensions });
const document = (contentType: string, ...extensions: string[]): AcceptedType => ({ kind: 'document', contentType, extensions });

/** By the extension file-type reports. */
const ACCEPTED: Readonly<Record<string, AcceptedType>> = {
  jpg: image('image/jpeg', 'jpg', 'jpeg'),
  png: image('image/png', 'png'),
  webp: image('image/webp', 'webp'),
  gif: image('image/gif', 'gif'),
  heic: image('image/heic', 'heic', 'heif'),
  pdf: document('application/pdf', 'pdf'),
  docx: document('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'),
  xlsx: document('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'),
  pptx: document('application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'),
  odt: document('application/vnd.oasis.opendocument.text', 'odt'),
  ods: document('application/vnd.oasis.opendocument.spreadsheet', 'ods'),
  odp: document('application/vnd.oasis.opendocument.presentation', 'odp'),
};

const PLAIN_TEXT: AcceptedType = { kind: 'text', contentType: 'text/plain; charset=utf-8', extensions: ['txt', 'csv', 'tsv', 'log', 'md'] };

/**
 * Word, Excel and PowerPoint 97–2003 files are compound files (as are Windows installers): told apart
 * by the name of their main stream, which the compound file's directory holds in UTF-16LE.
 */
const LEGACY_OFFICE: readonly { stream: string; type: AcceptedType }[] = [
  { stream: 'WordDocument', type: document('application/msword', 'doc') },
  { stream: 'Workbook', type: document('application/vnd.ms-excel', 'xls') },
  { stream: 'PowerPoint Document', type: document('application/vnd.ms-powerpoint', 'ppt') },
];

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  exe: 'a Windows executable',
  elf: 'a Linux executable (ELF)',
  macho: 'a macOS executable',
  class: 'a Java program',
  jar: 'a Java program',
  wasm: 'a WebAssembly program',
  apk: 'an Android app',
  deb: 'a software package',
  rpm: 'a software package',
  dmg: 'a macOS disk image',
  cfb: 'a Windows installer or other compound file',
  lnk: 'a Windows shortcut',
  swf: 'a Flash file',
  zip: 'a ZIP archive',
  rar: 'a RAR archive',
  '7z': 'a 7-Zip archive',
  tar: 'a TAR archive',
  gz: 'a gzip archive',
  bz2: 'a bzip2 archive',
  xz: 'an XZ archive',
  zst: 'a Zstandard archive',
  cab: 'a cabinet archive',
  docm: 'an Office file with macros',
  xlsm: 'an Office file with macros',
  pptm: 'an Office file with macros',
  dotm: 'an Office file with macros',
  potm: 'an Office file with macros',
  ppsm: 'an Office file with macros',
  xml: 'an XML document',
  script: 'a script',
  html: 'a web page',
  binary: 'a file of unknown binary content (not UTF-8 text)',
};

export function describeRefused(detected: string, mime?: string): RefusedType {
  return { detected, description: DESCRIPTIONS[detected] ?? `a ${detected.toUpperCase()} file${mime ? ` (${mime})` : ''}` };
}

/** Text that a browser or shell would run rather than show. */
const ACTIVE_TEXT: readonly { detected: string; pattern: RegExp }[] = [
  { detected: 'script', pattern: /^#!/ },
  { detected: 'script', pattern: /^<\?php/i },
  { detected: 'html', pattern: /^<(!doctype\s+html|html|script|svg|iframe)\b/i },
];

function classifyText(evidence: TextEvidence): AcceptedType | RefusedType {
  const start = evidence.head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  const active = ACTIVE_TEXT.find((a) => a.pattern.test(start));
  return active ? describeRefused(active.detected) : PLAIN_TEXT;
}

async function classifyCompoundFile(filePath: string): Promise<AcceptedType | RefusedType> {
  const bytes = await fs.readFile(filePath);
  const office = LEGACY_OFFICE.find((o) => bytes.includes(Buffer.from(o.stream, 'utf16le')));
  return office?.type ?? describeRefused('cfb');
}

/** The type of the file at `filePath`: one Formloom keeps, or why not. */
export async function sniffFile(filePath: string, evidence: TextEvidence): Promise<AcceptedType | RefusedType> {
  const found = await fileTypeFromFile(filePath);
  if (!found) return evidence.isText ? classifyText(evidence) : describeRefused('binary');
  if (found.ext === 'cfb') return classifyCompoundFile(filePath);
  // One extension, several brands: image/heic, image/heif and their -sequence forms.
  if (found.ext === 'heic') return { ...ACCEPTED.heic, contentType: found.mime };
  return ACCEPTED[found.ext] ?? describeRefused(found.ext, found.mime);
}

export const isAccepted = (t: AcceptedType | RefusedType): t is AcceptedType => 'contentType' in t;

/** The types a download name may end with, per stored content type (the first is the one added). */
export function extensionsFor(contentType: string): readonly string[] {
  if (contentType === PLAIN_TEXT.contentType) return PLAIN_TEXT.extensions;
  if (contentType.startsWith('image/hei')) return ACCEPTED.heic.extensions;
  const all = [...Object.values(ACCEPTED), ...LEGACY_OFFICE.map((o) => o.type)];
  return all.find((t) => t.contentType === contentType)?.extensions ?? [];
}

/**
 * The name a download is saved under: the original one when its extension fits the content, else
 * with the right extension added, so "invoice.pdf.exe" that is really a PDF saves as
 * "invoice.pdf.exe.pdf" and never lands on a desktop as a program.
 */
export function downloadName(name: string, contentType: string): string {
  const extensions = extensionsFor(contentType);
  const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  if (extensions.length === 0 || (ext && extensions.includes(ext))) return name;
  return `${name}.${extensions[0]}`;
}
