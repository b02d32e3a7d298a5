import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureMatches, signedHeaders, signWebhook, WebhookSecretError } from './signature.ts';

// The Standard Webhooks test vector (shared/contracts/README.md).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('webhook signatures', () => {
  it('matches the Standard Webhooks test vector', () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it('signs what the official standardwebhooks package verifies', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: 'submission.created', data: { name: '測試 ✓' } });
    const headers = signedHeaders(secret, 'msg_abc', new Date(), body);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    // One byte changed, or another secret: refused.
    expect(() => new Webhook(secret).verify(body.replace('✓', 'x'), { ...headers })).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, { ...headers })).toThrow();
  });

  it('puts the attempt time in webhook-timestamp (unix seconds)', () => {
    const headers = signedHeaders(VECTOR.secret, VECTOR.id, new Date(VECTOR.timestamp * 1000 + 999), VECTOR.body);
    expect(headers).toEqual({
      'webhook-id': VECTOR.id,
      'webhook-timestamp': String(VECTOR.timestamp),
      'webhook-signature': VECTOR.signature,
    });
  });

  it('makes whsec_ secrets of 32 random bytes, never the same twice', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it('accepts any matching entry of a rotated signature list', () => {
    const { secret, id, timestamp, body, signature } = VECTOR;
    expect(signatureMatches(secret, id, timestamp, body, `v1,bm90IGl0 ${signature}`)).toBe(true);
    expect(signatureMatches(secret, id, timestamp + 1, body, signature)).toBe(false);
  });

  it('refuses a secret that is not whsec_', () => {
    expect(() => signWebhook('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_1', 1, '{}')).toThrow(WebhookSecretError);
  });
});
