import { describe, expect, it } from 'vitest';
import { strategyFor } from './routes.ts';

const ORIGIN = 'http://127.0.0.1:3000';
const get = (path: string, mode = 'cors') => strategyFor({ method: 'GET', url: `${ORIGIN}${path}`, mode }, ORIGIN);

describe('service worker routes', () => {
  it('serves page loads from the network, else the cached shell; the designer is left alone', () => {
    expect(get('/f/abc', 'navigate')).toBe('navigation');
    expect(get('/outbox', 'navigate')).toBe('navigation');
    expect(get('/builder/', 'navigate')).toBe('passThrough');
    expect(get('/builder', 'navigate')).toBe('passThrough');
  });

  it('keeps the forms and the lists leading to them, nothing else from the API, and never sign-in answers', () => {
    expect(get('/api/forms/f1')).toBe('formData');
    expect(get('/api/apps')).toBe('formData');
    expect(get('/api/apps/a1')).toBe('formData');
    expect(get('/api/apps/a1/forms')).toBe('formData');
    expect(get('/api/auth/me')).toBe('passThrough');
    expect(get('/api/forms/f1/submissions')).toBe('passThrough');
    expect(get('/api/forms/f1/records?q=x')).toBe('passThrough');
    expect(get('/api/forms/f1?x=1')).toBe('passThrough');
    expect(get('/api/files/f1')).toBe('passThrough');
  });

  it('never answers writes or other origins', () => {
    expect(strategyFor({ method: 'POST', url: `${ORIGIN}/api/forms/f1/submissions` }, ORIGIN)).toBe('passThrough');
    expect(strategyFor({ method: 'GET', url: 'https://cdn.example.com/x.js' }, ORIGIN)).toBe('passThrough');
  });

  it('serves the build’s files from the precache', () => {
    expect(get('/assets/index-abc.js')).toBe('precached');
    expect(get('/manifest.webmanifest')).toBe('precached');
  });
});
