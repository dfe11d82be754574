import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS whose exports are the function itself; its types describe an ES default.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

/** Reads the QR code in a PNG back to its text (jsqr on the decoded pixels). */
export function decodePngQr(png: Buffer): { text: string | undefined; width: number; height: number } {
  const image = PNG.sync.read(png);
  const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  return { text: found?.data, width: image.width, height: image.height };
}

/**
 * Reads the QR code in an SVG as `qrcode` draws it (one path of horizontal runs:
 * `M x y.5 h n`, `m dx dy`) by painting those runs into pixels, then decoding them with jsqr.
 */
export function decodeSvgQr(svg: string, scale = 8): string | undefined {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !d) return undefined;
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of d.matchAll(/([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?/g)) {
    if (cmd === 'M') [x, y] = [Number(a), Number(b)];
    else if (cmd === 'm') [x, y] = [x + Number(a), y + Number(b)];
    else {
      for (let i = 0; i < Number(a); i++) dark.add(`${x + i},${Math.floor(y)}`);
      x += Number(a);
    }
  }
  const px = size * scale;
  const data = new Uint8ClampedArray(px * px * 4);
  for (let row = 0; row < px; row++)
    for (let col = 0; col < px; col++) {
      const v = dark.has(`${Math.floor(col / scale)},${Math.floor(row / scale)}`) ? 0 : 255;
      data.set([v, v, v, 255], (row * px + col) * 4);
    }
  return jsQR(data, px, px)?.data;
}
