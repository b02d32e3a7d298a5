import { describe, expect, it } from 'vitest';
import { initialLocale, localeFromLanguages, STORAGE_KEY } from './locale.ts';

const storageWith = (value: string | null) => ({ getItem: (k: string) => (k === STORAGE_KEY ? value : null) });

describe('locale negotiation', () => {
  it.each([
    [['zh-HK'], 'zh-Hant'],
    [['zh-TW', 'en'], 'zh-Hant'],
    [['zh-Hant'], 'zh-Hant'],
    [['zh-Hant-HK'], 'zh-Hant'],
    [['zh-MO'], 'zh-Hant'],
    [['en-GB', 'zh-HK'], 'en'],
    [['fr-FR', 'zh-HK'], 'zh-Hant'], // French is not offered: the next preference wins
    [['zh-CN'], 'en'],
    [['zh'], 'en'],
    [['fr'], 'en'],
    [[], 'en'],
  ] as const)('%j → %s', (languages, expected) => {
    expect(localeFromLanguages(languages)).toBe(expected);
  });

  it('prefers the stored choice over the browser', () => {
    expect(initialLocale(storageWith('zh-Hant'), ['en-US'])).toBe('zh-Hant');
    expect(initialLocale(storageWith('en'), ['zh-HK'])).toBe('en');
  });

  it('ignores a stored value that is not a locale, and storage that throws', () => {
    expect(initialLocale(storageWith('klingon'), ['zh-HK'])).toBe('zh-Hant');
    const throwing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(initialLocale(throwing, ['zh-TW'])).toBe('zh-Hant');
    expect(initialLocale(null, ['en'])).toBe('en');
  });
});
