import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/createI18n.ts';
import { localizeValidationMessage } from './errorMessages.ts';

describe('localizeValidationMessage', () => {
  const server = { message: 'does not match the calculated value', keyword: 'calculated', params: { expected: 20.5 } };

  it('tells the person about a calculated value the server worked out differently, in their language', () => {
    const en = createI18n('en').t;
    const zh = createI18n('zh-Hant').t;
    expect(localizeValidationMessage(en, server.keyword, server.params, server.message)).toBe(
      "Doesn't match the value the server worked out (the form may have changed); reload the page and try again",
    );
    expect(localizeValidationMessage(zh, server.keyword, server.params, server.message)).toBe(
      '與伺服器計算的結果不符（表格可能已更新），請重新載入頁面再試',
    );
    expect(localizeValidationMessage(zh, server.keyword, { expected: null }, server.message)).toMatch(/重新載入/);
  });

  it('keeps the server’s English for keywords it does not know', () => {
    expect(localizeValidationMessage(createI18n('zh-Hant').t, 'somethingNew', {}, 'is odd')).toBe('is odd');
  });
});
