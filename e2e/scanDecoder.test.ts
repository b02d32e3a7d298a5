/**
 * The runtime's decoder configuration (runtime/src/scan/camera/decoderHints.ts) reads every format
 * the barcode field promises: each is drawn with bwip-js and decoded with @zxing/library, in Node,
 * with exactly the hints the camera uses. GS1 symbols come out as the GS1 parser expects them.
 */
import { describe, expect, it } from 'vitest';
import { parseGs1 } from '../schemas/src/index.ts';
import { decodeLuminance } from '../runtime/src/scan/camera/decodeStill.ts';
import { SCAN_FORMATS, type ScanFormat } from '../runtime/src/scan/types.ts';
import { BWIP_IDS, drawBarcode, type Picture } from './barcodeVideo.ts';

function decode(picture: Picture, formats?: readonly ScanFormat[]) {
  const luminance = new Uint8ClampedArray(picture.width * picture.height);
  for (let p = 0; p < luminance.length; p++) {
    const i = p * 4;
    luminance[p] = (picture.rgba[i] * 299 + picture.rgba[i + 1] * 587 + picture.rgba[i + 2] * 114) / 1000;
  }
  return decodeLuminance(luminance, picture.width, picture.height, formats);
}

const SAMPLES: Record<ScanFormat, string> = {
  EAN_13: '4006381333931',
  EAN_8: '96385074',
  UPC_A: '036000291452',
  CODE_128: 'FL-128/Lot 7',
  CODE_39: 'PART-0042',
  QR_CODE: 'https://example.hk/item/42 貨品',
  DATA_MATRIX: 'DM-2026-0001',
};

describe('bundled decoder configuration', () => {
  it.each(SCAN_FORMATS)('reads %s', async (format) => {
    const picture = await drawBarcode({ bcid: BWIP_IDS[format], text: SAMPLES[format] });
    expect(decode(picture)).toEqual({ text: SAMPLES[format], format });
  });

  it('reads only the formats it is asked for', async () => {
    const picture = await drawBarcode({ bcid: 'qrcode', text: 'only QR' });
    expect(decode(picture, ['EAN_13', 'CODE_128'])).toBeNull();
    expect(decode(picture, ['QR_CODE'])?.text).toBe('only QR');
  });

  it('keeps GS1-128 separators and prefix, so batch and serial do not run together', async () => {
    const picture = await drawBarcode({ bcid: 'gs1-128', text: '(01)09501101530003(10)AB12(21)SN9(17)270600' });
    const text = decode(picture)?.text ?? '';
    expect(text.startsWith(']C1')).toBe(true);
    const parsed = parseGs1(text, { today: new Date('2026-11-25T00:00:00Z') });
    expect(parsed?.ok && parsed.gs1).toMatchObject({ gtin: '09501101530003', batch: 'AB12', serial: 'SN9', expiry: '2027-06-30' });
  });

  it('reads GS1 DataMatrix into GS1 data', async () => {
    const picture = await drawBarcode({ bcid: 'gs1datamatrix', text: '(01)09501101530003(10)LOT-5(30)12' });
    const parsed = parseGs1(decode(picture)?.text ?? '');
    expect(parsed?.ok && parsed.gs1).toMatchObject({ gtin: '09501101530003', batch: 'LOT-5', count: 12 });
  });
});
