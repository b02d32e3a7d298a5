// A chart picture with its title above it: a PNG saved from a card should say what it shows.
import { dataUrlToBlob } from './dataUrl.ts';

const FONT = "600 28px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'PingFang HK', 'Noto Sans CJK TC', sans-serif";
/** In the PNG's own pixels (charts are saved at twice their size). */
const BAND = 64;
const PAD = 24;

export async function titledPng(png: Blob, title: string): Promise<Blob> {
  if (!title) return png;
  const image = await createImageBitmap(png);
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height + BAND;
  const ctx = canvas.getContext('2d');
  if (!ctx) return png;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#1b2230';
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, PAD, BAND / 2 + 4, canvas.width - PAD * 2);
  ctx.drawImage(image, 0, BAND);
  image.close();
  return dataUrlToBlob(canvas.toDataURL('image/png'));
}
