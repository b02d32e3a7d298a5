import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/createI18n.ts';
import { apiError } from '../test/fakeApi.ts';
import { refusalText } from './refusalText.ts';
import { classifyFailure } from './retryPolicy.ts';

const refusalOf = (error: unknown) => {
  const outcome = classifyFailure(error);
  if (outcome.kind !== 'refused') throw new Error(`expected a refusal, got ${outcome.kind}`);
  return outcome.refusal;
};

describe('a refused stock movement in words', () => {
  const stock = apiError({
    statusCode: 409,
    code: 'insufficient_stock',
    message: 'Not enough stock: Kowloon Bay B-02 holds 1.5 of Lemon tea …',
    details: { item: 'tea', zone: 'z-kb', onHand: 1.5, requested: 3 },
  });

  it('keeps the refusal’s facts, not only per-field details', () => {
    expect(refusalOf(stock)).toEqual({
      status: 409,
      code: 'insufficient_stock',
      message: 'Not enough stock: Kowloon Bay B-02 holds 1.5 of Lemon tea …',
      facts: { item: 'tea', zone: 'z-kb', onHand: 1.5, requested: 3 },
    });
    const details = [{ path: '/qty', message: 'must be >= 1' }];
    const refused = refusalOf(apiError({ statusCode: 422, code: 'validation_failed', details }));
    expect(refused.details).toEqual(details);
    expect(refused).not.toHaveProperty('facts');
  });

  it('says it in the UI language, with the numbers, and without them when the server gave none', () => {
    expect(refusalText(createI18n('en').t, refusalOf(stock))).toBe(
      'Not enough stock: the zone held 1.5 when it was sent, and this movement takes 3. Fix the quantity or zone (or record the goods received first), or discard it.',
    );
    expect(refusalText(createI18n('zh-Hant').t, refusalOf(stock))).toBe(
      '存貨不足：送出時該區域只有 1.5，而此項需要 3。請修正數量或區域（或先記錄收貨），或捨棄此項。',
    );
    const bare = refusalOf(apiError({ statusCode: 409, code: 'insufficient_stock' }));
    expect(refusalText(createI18n('en').t, bare)).toBe(
      'Not enough stock in the zone for this movement. Fix the quantity or zone, or discard it.',
    );
  });
});
