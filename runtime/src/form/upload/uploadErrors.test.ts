import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../api/errors.ts';
import { createI18n } from '../../i18n/createI18n.ts';
import { apiError } from '../../test/fakeApi.ts';
import { fitWithin, jpegName } from './resizePhoto.ts';
import { formatFileSize, uploadErrorMessage } from './uploadErrors.ts';

describe('upload error messages', () => {
  const t = createI18n('en').t;
  it('word each refusal so the person knows what to do', () => {
    expect(uploadErrorMessage(t, apiError({ statusCode: 415, code: 'unsupported_file_type', details: { detected: 'zip' } }))).toMatch(
      /^This file is a ZIP archive/,
    );
    expect(uploadErrorMessage(t, apiError({ statusCode: 415, code: 'unsupported_file_type', details: { detected: 'wasm' } }))).toMatch(
      /^This file is a kind of file that is not accepted/,
    );
    expect(uploadErrorMessage(t, apiError({ statusCode: 415, code: 'unsupported_file_type', details: { imagesOnly: true } }))).toMatch(
      /^Only a photo/,
    );
    expect(uploadErrorMessage(t, apiError({ statusCode: 400, code: 'empty_file' }))).toBe('This file is empty. Choose it again.');
    expect(uploadErrorMessage(t, new NetworkError(new Error('offline')))).toMatch(/did not reach the server/);
    expect(uploadErrorMessage(t, apiError({ statusCode: 500, code: 'internal_error' }))).toBe('The upload failed. Try again.');
  });

  it('sizes read as KB and MB', () => {
    expect(formatFileSize(900)).toBe('900 B');
    expect(formatFileSize(1536, 'en')).toBe('1.5 KB');
    expect(formatFileSize(20 * 1024 * 1024, 'en')).toBe('20 MB');
  });
});

describe('photo resizing', () => {
  it('fits the longest side within 1600 px, keeping the shape and never enlarging', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });

  it('names the re-encoded photo .jpg', () => {
    expect(jpegName('IMG_0001.HEIC')).toBe('IMG_0001.jpg');
    expect(jpegName('meter')).toBe('meter.jpg');
  });
});
