/**
 * Barcode pictures and videos for scanning tests: bwip-js draws a symbol, pngjs reads its pixels,
 * and frames of it are written as a YUV4MPEG2 (.y4m) file that Chromium plays as its fake camera
 * (`--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>.y4m`). The video
 * loops, so a test sees its frames again and again.
 */
import fs from 'node:fs';
import bwipjs from 'bwip-js/node';
import { PNG } from 'pngjs';

/** The seven formats the runtime's decoder is set up for, as bwip-js names them. */
export const BWIP_IDS = {
  EAN_13: 'ean13',
  EAN_8: 'ean8',
  UPC_A: 'upca',
  CODE_128: 'code128',
  CODE_39: 'code39',
  QR_CODE: 'qrcode',
  DATA_MATRIX: 'datamatrix',
} as const;

export interface Picture {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, row by row. */
  rgba: Uint8Array;
}

export interface SymbolSpec {
  /** A bwip-js encoder: `ean13`, `qrcode`, `gs1-128`, `gs1datamatrix`… */
  bcid: string;
  text: string;
  scale?: number;
  /** Interpret `^NNN` as the byte NNN (e.g. `^029` for the GS1 separator). */
  parse?: boolean;
}

/** A symbol drawn with a quiet zone, ready to decode or to put in a video frame. */
export async function drawBarcode({ bcid, text, scale = 3, parse }: SymbolSpec): Promise<Picture> {
  const png = await bwipjs.toBuffer({
    bcid,
    text,
    scale,
    ...(bcid.includes('qr') || bcid.includes('datamatrix') ? {} : { height: 16 }),
    paddingwidth: 12,
    paddingheight: 12,
    backgroundcolor: 'FFFFFF',
    ...(parse ? { parse: true } : {}),
  });
  const decoded = PNG.sync.read(png);
  return { width: decoded.width, height: decoded.height, rgba: new Uint8Array(decoded.data) };
}

export interface VideoScene {
  picture: Picture | null; // null: an empty (white) frame, as when the label is taken away
  frames: number;
}

/**
 * Writes a 4:2:0 Y4M video: each scene's picture centred on white, scaled down to fit if needed.
 * Chromium's fake camera reads `C420jpeg` and plays the frames at `fps`, looping.
 */
export function writeY4m(file: string, scenes: VideoScene[], { width = 640, height = 480, fps = 10 } = {}): void {
  if (width % 2 || height % 2) throw new Error('Y4M 4:2:0 needs even dimensions');
  const out = fs.openSync(file, 'w');
  try {
    fs.writeSync(out, `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
    for (const scene of scenes) {
      const frame = yuvFrame(scene.picture, width, height);
      for (let i = 0; i < scene.frames; i++) {
        fs.writeSync(out, 'FRAME\n');
        fs.writeSync(out, frame);
      }
    }
  } finally {
    fs.closeSync(out);
  }
}

/** One frame's Y, U and V planes (BT.601 full range, as JPEG). */
function yuvFrame(picture: Picture | null, width: number, height: number): Buffer {
  const luma = new Uint8Array(width * height).fill(255);
  const chroma = (width / 2) * (height / 2);
  if (picture) {
    const scale = Math.min(1, (width - 40) / picture.width, (height - 40) / picture.height);
    const w = Math.floor(picture.width * scale);
    const h = Math.floor(picture.height * scale);
    const left = Math.floor((width - w) / 2);
    const top = Math.floor((height - h) / 2);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const sx = Math.min(picture.width - 1, Math.floor(x / scale));
        const sy = Math.min(picture.height - 1, Math.floor(y / scale));
        const i = (sy * picture.width + sx) * 4;
        const alpha = picture.rgba[i + 3] / 255;
        const grey = 0.299 * picture.rgba[i] + 0.587 * picture.rgba[i + 1] + 0.114 * picture.rgba[i + 2];
        luma[(top + y) * width + left + x] = Math.round(grey * alpha + 255 * (1 - alpha));
      }
    }
  }
  // Black and white only: the colour planes are neutral grey.
  return Buffer.concat([Buffer.from(luma), Buffer.alloc(chroma * 2, 128)]);
}
