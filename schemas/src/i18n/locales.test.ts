import { describe, expect, it } from 'vitest';
import { isLocale, locales, negotiateLocale } from './locales.ts';

describe('negotiateLocale', () => {
  it.each([
    ['zh-HK', 'zh-Hant'],
    ['zh-TW', 'zh-Hant'],
    ['zh-MO', 'zh-Hant'],
    ['zh-Hant', 'zh-Hant'],
    ['zh-Hant-HK', 'zh-Hant'],
    ['ZH-hk', 'zh-Hant'],
    ['zh_HK', 'zh-Hant'],
    ['en', 'en'],
    ['en-GB', 'en'],
    ['zh', 'en'],
    ['zh-CN', 'en'],
    ['zh-Hans-HK', 'en'],
    ['zh-SG', 'en'],
    ['fr', 'en'],
    ['*', 'en'],
    ['', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it('defaults to en without a header', () => {
    expect(negotiateLocale(undefined)).toBe('en');
  });

  it('respects q-values rather than header order', () => {
    expect(negotiateLocale('en;q=0.5, zh-HK')).toBe('zh-Hant');
    expect(negotiateLocale('zh-HK;q=0.4, en-US;q=0.9')).toBe('en');
    expect(negotiateLocale('zh-TW;q=0.8, en;q=0.7')).toBe('zh-Hant');
  });

  it('keeps header order between equal weights', () => {
    expect(negotiateLocale('zh-HK, en')).toBe('zh-Hant');
    expect(negotiateLocale('en, zh-HK')).toBe('en');
    expect(negotiateLocale('en;q=0.8, zh-HK;q=0.8')).toBe('en');
  });

  it('skips languages we do not ship and falls to the next one the user accepts', () => {
    expect(negotiateLocale('fr-FR, fr;q=0.9, zh-HK;q=0.8, en;q=0.5')).toBe('zh-Hant');
    expect(negotiateLocale('zh-CN, zh;q=0.9, en;q=0.8')).toBe('en');
  });

  it('treats q=0 as "not acceptable" and ignores malformed weights', () => {
    expect(negotiateLocale('zh-HK;q=0, en')).toBe('en');
    expect(negotiateLocale('en;q=0, zh-TW;q=0.1')).toBe('zh-Hant');
    expect(negotiateLocale('en;q=abc, zh-HK;q=0.2')).toBe('zh-Hant');
    expect(negotiateLocale('en;q=1.5, zh-HK;q=0.2')).toBe('zh-Hant');
  });

  it('copes with spacing and extra parameters', () => {
    expect(negotiateLocale('  zh-HK ; q=0.9 ,en ;q=0.3')).toBe('zh-Hant');
    expect(negotiateLocale(',,;')).toBe('en');
  });
});

describe('locales', () => {
  it('ships en and zh-Hant', () => {
    expect(locales).toEqual(['en', 'zh-Hant']);
    expect(isLocale('zh-Hant')).toBe(true);
    expect(isLocale('zh-HK')).toBe(false);
  });
});
