import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

type JsQR = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
// jsqr is CommonJS whose types declare an ES default export: resolve the function either way.
const jsQR = ((jsQRModule as unknown as { default?: JsQR }).default ?? jsQRModule) as unknown as JsQR;

/** Decodes a PNG and reads the QR code in it: `{ width, height, text }` (text undefined when none is found). */
export function readQrPng(png: Buffer) {
  const img = PNG.sync.read(png);
  return {
    img,
    width: img.width,
    height: img.height,
    text: jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data,
  };
}
