/**
 * Photos are made smaller on the phone before they are sent: a 12-megapixel camera shot is 3–6 MB,
 * which on site Wi-Fi is a long wait, and 1600 px on the longest side is plenty to see a meter reading
 * or damage. Re-encoding also drops the EXIF block (GPS position, device) after its orientation has
 * been applied to the pixels.
 */
export const PHOTO_MAX_SIDE = 1600;
export const PHOTO_JPEG_QUALITY = 0.85;

/** The size to draw at: the longest side at most `maxSide`, the aspect ratio kept, never enlarged. */
export function fitWithin(width: number, height: number, maxSide = PHOTO_MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** `IMG_0001.HEIC` → `IMG_0001.jpg`. */
export function jpegName(name: string): string {
  const base = name.replace(/\.[^./\\]*$/, '') || 'photo';
  return `${base}.jpg`;
}

export interface PreparedPhoto {
  blob: Blob;
  name: string;
}

/**
 * The photo as a JPEG within PHOTO_MAX_SIDE, upright as the camera meant it (createImageBitmap applies
 * the EXIF orientation). A format this browser cannot decode (HEIC outside Safari) is sent as it is;
 * the server checks it either way.
 */
export async function preparePhoto(file: Blob, name: string): Promise<PreparedPhoto> {
  if (typeof createImageBitmap !== 'function') return { blob: file, name };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return { blob: file, name };
  }
  try {
    const size = fitWithin(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return { blob: file, name };
    // JPEG has no transparency: a transparent PNG would turn black without a white ground.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size.width, size.height);
    ctx.drawImage(bitmap, 0, 0, size.width, size.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', PHOTO_JPEG_QUALITY));
    return blob ? { blob, name: jpegName(name) } : { blob: file, name };
  } finally {
    bitmap.close();
  }
}
