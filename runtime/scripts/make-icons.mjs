// Draws the app icons in public/icons/ (the "F" mark of index.html's favicon on the brand blue).
// Run once after changing the mark: `node runtime/scripts/make-icons.mjs`. pngjs is installed for e2e/.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const { PNG } = createRequire(new URL('../../e2e/package.json', import.meta.url))('pngjs');
const BLUE = [0x2f, 0x5b, 0xea];
const WHITE = [0xff, 0xff, 0xff];
// The mark on a 32-unit grid, as in the favicon's path: M9 9h14v3H12v3h9v3h-9v5H9z
const MARK = [
  [9, 9, 23, 12],
  [9, 12, 12, 23],
  [12, 15, 21, 18],
];

/** `maskable`: full-bleed background, mark shrunk into the 80 % safe zone; otherwise a rounded square. */
function draw(size, { maskable }) {
  const png = new PNG({ width: size, height: size });
  const unit = size / 32;
  const markScale = maskable ? 0.72 : 1;
  const radius = maskable ? 0 : 8 * unit;
  const samples = 4; // per axis, for smooth edges
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let inShape = 0;
      let inMark = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const px = x + (sx + 0.5) / samples;
          const py = y + (sy + 0.5) / samples;
          if (!insideRoundedSquare(px, py, size, radius)) continue;
          inShape++;
          // The mark in grid units, scaled about the centre.
          const gx = 16 + (px / unit - 16) / markScale;
          const gy = 16 + (py / unit - 16) / markScale;
          if (MARK.some(([x0, y0, x1, y1]) => gx >= x0 && gx < x1 && gy >= y0 && gy < y1)) inMark++;
        }
      }
      const total = samples * samples;
      const i = (y * size + x) * 4;
      const m = inShape ? inMark / inShape : 0;
      for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(BLUE[c] * (1 - m) + WHITE[c] * m);
      png.data[i + 3] = Math.round((255 * inShape) / total);
    }
  }
  return PNG.sync.write(png);
}

function insideRoundedSquare(x, y, size, r) {
  const cx = Math.min(Math.max(x, r), size - r);
  const cy = Math.min(Math.max(y, r), size - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

const out = new URL('../public/icons/', import.meta.url);
fs.mkdirSync(out, { recursive: true });
for (const size of [192, 512]) {
  fs.writeFileSync(new URL(`icon-${size}.png`, out), draw(size, { maskable: false }));
  fs.writeFileSync(new URL(`maskable-${size}.png`, out), draw(size, { maskable: true }));
}
fs.writeFileSync(new URL('apple-touch-icon.png', out), draw(180, { maskable: true }));
