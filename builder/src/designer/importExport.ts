/**
 * The draft as one JSON file ({schema, uiSchema}), and reading such a file (or a bare JSON Schema)
 * back. Plain functions; the toolbar menu does the clicking and the telling.
 */
import type { ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { ADVANCED_TYPE, allFields, compileForm, importForm, type FormDoc } from '../core/index.ts';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Far above what the server stores (512 KB), low enough that reading it cannot hang the page. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export class ImportProblem extends Error {
  constructor(
    readonly code: 'too_large' | 'not_json' | 'not_a_form',
    message: string,
  ) {
    super(message);
    this.name = 'ImportProblem';
  }
}

export function exportDocument(doc: FormDoc, registry: ReadonlyFieldTypeRegistry): string {
  const { schema, uiSchema } = compileForm(doc, { registry });
  return `${JSON.stringify({ schema, uiSchema }, null, 2)}\n`;
}

/** A file name from the title: ASCII words joined by hyphens, else "form". */
export function exportFileName(doc: FormDoc): string {
  const words =
    doc.title.en
      .normalize('NFKD')
      .toLowerCase()
      .match(/[a-z0-9]+/g) ?? [];
  return `${words.join('-').slice(0, 60) || 'form'}.formloom.json`;
}

/** `{schema, uiSchema?}` as exported, or a JSON Schema on its own (any draft-07 / 2020-12 object schema). */
export function readImport(text: string, registry: ReadonlyFieldTypeRegistry): { doc: FormDoc; fields: number; advanced: number } {
  if (text.length > MAX_IMPORT_BYTES) throw new ImportProblem('too_large', 'The file is too large.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ImportProblem('not_json', (err as Error).message);
  }
  if (!isObject(parsed)) throw new ImportProblem('not_a_form', 'The file does not hold a JSON object.');
  const wrapped = isObject(parsed.schema) && !('type' in parsed && 'properties' in parsed);
  const schema = wrapped ? (parsed.schema as JsonObject) : parsed;
  const uiSchema = wrapped && isObject(parsed.uiSchema) ? parsed.uiSchema : {};
  const doc = importForm(schema, uiSchema, { registry });
  const fields = allFields(doc);
  return { doc, fields: fields.length, advanced: fields.filter((f) => f.type === ADVANCED_TYPE).length };
}

/** A file's text (FileReader where Blob.text is missing, as in jsdom). */
export function readText(file: Blob): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

/** Offers `text` as a file download (a temporary object URL behind a clicked link). */
export function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
