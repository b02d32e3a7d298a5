import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhHant from './zh-Hant.json';

function flatten(node: unknown, prefix = ''): Record<string, string> {
  if (typeof node === 'string') return { [prefix]: node };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) Object.assign(out, flatten(v, prefix ? `${prefix}.${k}` : k));
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('designer translations', () => {
  const enFlat = flatten(en);
  const zhFlat = flatten(zhHant);

  it('has every string under "designer" (the runtime owns the other top-level keys)', () => {
    expect(Object.keys(en)).toEqual(['designer']);
    expect(Object.keys(zhHant)).toEqual(['designer']);
  });

  it('en and zh-Hant have exactly the same keys', () => {
    expect(Object.keys(zhFlat).sort()).toEqual(Object.keys(enFlat).sort());
  });

  it('every string is non-empty and uses the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(enFlat)) {
      expect(text.trim(), `en ${key}`).not.toBe('');
      expect(zhFlat[key]?.trim(), `zh-Hant ${key}`).not.toBe('');
      expect(placeholders(zhFlat[key] ?? ''), `placeholders of ${key}`).toEqual(placeholders(text));
    }
  });

  it('zh-Hant is actually translated (no English sentence left) and uses Hong Kong wording', () => {
    const untranslated = Object.entries(zhFlat).filter(([key, text]) => text === enFlat[key] && /[a-z]{3,}\s+[a-z]{3,}/i.test(text));
    expect(untranslated).toEqual([]);
    // Simplified forms and mainland terms that HK readers notice at once.
    const mainland = Object.entries(zhFlat).filter(([, text]) => /[这个们说设删数据选项钟户]|信息|视频|默认|文件夹/.test(text));
    expect(mainland).toEqual([]);
  });
});
