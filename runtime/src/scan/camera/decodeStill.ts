/**
 * Decodes one still picture (grey levels, one byte a pixel) with the camera's decoder settings: for
 * pictures rather than a live stream, and for checking in Node that the settings read every format.
 */
import { BinaryBitmap, HybridBinarizer, MultiFormatReader, NotFoundException, RGBLuminanceSource } from '@zxing/library';
import type { ScanFormat } from '../types.ts';
import { decodeHints, formatName } from './decoderHints.ts';

export function decodeLuminance(
  luminance: Uint8ClampedArray,
  width: number,
  height: number,
  formats?: readonly ScanFormat[],
): { text: string; format: string } | null {
  const reader = new MultiFormatReader();
  try {
    const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height)));
    const result = reader.decode(bitmap, decodeHints(formats));
    return { text: result.getText(), format: formatName(result.getBarcodeFormat()) };
  } catch (err) {
    if (err instanceof NotFoundException) return null;
    throw err;
  }
}
