import QRCode from 'qrcode';

/**
 * QR codes of a channel link (npm `qrcode`). Error correction M (15 % of the symbol may be
 * covered or smudged) with the standard four-module quiet zone: what print shops expect.
 */
const options = { errorCorrectionLevel: 'M', margin: 4 } as const;

export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { ...options, type: 'svg' });
}

/** A PNG `width` pixels square: 1200 px prints 10 cm wide at 300 dpi. */
export function qrPng(url: string, width: number): Promise<Buffer> {
  return QRCode.toBuffer(url, { ...options, type: 'png', width });
}
