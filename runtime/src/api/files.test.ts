import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from './errors.ts';
import { createFileApi } from './files.ts';

/** A stand-in for XMLHttpRequest that records what is sent and answers as the test says. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  static answer: (xhr: FakeXhr) => void = () => {};
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  responseText = '';
  responseHeaders: Record<string, string> = { 'content-type': 'application/json' };
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader(name: string) {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
  abort() {
    this.onabort?.();
  }
  send(body: unknown) {
    this.body = body;
    FakeXhr.sent.push(this);
    queueMicrotask(() => FakeXhr.answer(this));
  }
  reply(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

const original = globalThis.XMLHttpRequest;
afterEach(() => {
  globalThis.XMLHttpRequest = original;
  FakeXhr.sent = [];
});

const stored = { id: 'f1', name: '現場.jpg', size: 3, contentType: 'image/jpeg', url: '/api/files/f1' };

describe('file uploads over the session', () => {
  it('sends the raw bytes with the percent-encoded name, the purpose and the CSRF token, reporting progress', async () => {
    globalThis.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
    FakeXhr.answer = (xhr) => {
      xhr.upload.onprogress?.({ lengthComputable: true, loaded: 1, total: 4 });
      xhr.reply(201, stored);
    };
    const me = vi.fn(() => Promise.resolve({ user: {} as never, csrfToken: 'csrf-1' }));
    const files = createFileApi({ me });
    const progress: number[] = [];
    const blob = new Blob(['abc']);
    const info = await files.uploadFile(blob, '現場.jpg', { purpose: 'photo', onProgress: (f) => progress.push(f) });
    expect(info).toEqual(stored);
    const [xhr] = FakeXhr.sent;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/files?purpose=photo');
    expect(xhr.headers['X-File-Name']).toBe(encodeURIComponent('現場.jpg'));
    expect(xhr.headers['X-CSRF-Token']).toBe('csrf-1');
    expect(xhr.body).toBe(blob);
    expect(progress).toEqual([0.25]);
    // The token is asked for once, not per upload.
    await files.uploadFile(blob, 'b.jpg', { purpose: 'photo' });
    expect(me).toHaveBeenCalledTimes(1);
  });

  it("turns the server's refusal into an ApiError with its code and details", async () => {
    globalThis.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
    FakeXhr.answer = (xhr) =>
      xhr.reply(415, {
        statusCode: 415,
        code: 'unsupported_file_type',
        error: 'x',
        message: 'This file is a Windows executable',
        details: { detected: 'exe' },
      });
    const files = createFileApi({ me: () => Promise.resolve({ user: {} as never, csrfToken: 't' }) });
    const err = await files.uploadFile(new Blob(['MZ']), 'photo.jpg', { purpose: 'file' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 415, code: 'unsupported_file_type', details: { detected: 'exe' } });
  });

  it('fetches a fresh CSRF token once when the session changed, and reports a lost connection as such', async () => {
    globalThis.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
    FakeXhr.answer = (xhr) =>
      xhr.headers['X-CSRF-Token'] === 'new'
        ? xhr.reply(201, stored)
        : xhr.reply(403, { statusCode: 403, code: 'csrf_token_invalid', error: 'x', message: 'stale' });
    const tokens = ['old', 'new'];
    const files = createFileApi({ me: () => Promise.resolve({ user: {} as never, csrfToken: tokens.shift()! }) });
    expect(await files.uploadFile(new Blob(['a']), 'a.txt', { purpose: 'file' })).toEqual(stored);
    expect(FakeXhr.sent.map((x) => x.headers['X-CSRF-Token'])).toEqual(['old', 'new']);

    FakeXhr.answer = (xhr) => xhr.onerror?.();
    await expect(files.uploadFile(new Blob(['a']), 'a.txt', { purpose: 'file' })).rejects.toBeInstanceOf(NetworkError);
  });
});
