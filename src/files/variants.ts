import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError } from '../errors.js';

/**
 * Resized copies of uploaded covers and speaker photos (issue 11 item 12): a few widths in
 * AVIF and WebP, so a phone loads a 480-px cover instead of a 5 MB original and a 64-px avatar
 * a 96/192-px square instead of a 600×600 photo. The original is kept and stays the `<img>`
 * fallback. Copies are rotated by the EXIF orientation and carry no metadata (sharp writes
 * none unless asked), so a phone photo's GPS position never reaches a copy.
 */

/** What an image is shown as decides the copies: covers keep their ratio, photos become squares. */
export type ImagePurpose = 'cover' | 'photo';
export type VariantFormat = 'avif' | 'webp';
export const VARIANT_FORMATS: readonly VariantFormat[] = ['avif', 'webp'];
export const VARIANT_TYPES: Record<VariantFormat, string> = { avif: 'image/avif', webp: 'image/webp' };

/** The job that makes an image's copies (payload `{ file_id, purpose }`). */
export const VARIANTS_JOB = 'files.variants';

const WIDTHS: Record<ImagePurpose, readonly number[]> = {
  cover: [480, 960, 1600],
  photo: [96, 192, 384],
};

/** One copy as `files.variants` lists it. */
export interface Variant {
  width: number;
  height: number;
  format: VariantFormat;
  size_bytes: number;
}

/**
 * The widths to make for an image of this (displayed) size: the plan's widths up to the
 * original's, plus the original's own when it is narrower than the widest — never wider
 * than the original (no upscaling). A photo's limit is its shorter side (copies are square).
 */
export function variantWidths(purpose: ImagePurpose, width: number, height: number): number[] {
  const limit = purpose === 'photo' ? Math.min(width, height) : width;
  const plan = WIDTHS[purpose];
  const widths = plan.filter((w) => w <= limit);
  if (limit < plan[plan.length - 1]! && !widths.includes(limit)) widths.push(limit);
  return widths;
}

/** An upload refused with a stable code, a message and the `file` field's message. */
const refuse = (code: 'UNSUPPORTED_MEDIA_TYPE' | 'PAYLOAD_TOO_LARGE', message: string) =>
  new AppError(code, message, { fields: { file: message } });

export interface Inspected {
  /** As displayed: after the EXIF orientation. */
  width: number;
  height: number;
  /** Animated GIF/WebP: copies would keep only the first frame, so none are made. */
  animated: boolean;
  /** Carries EXIF, XMP or IPTC (a phone photo's GPS position, a camera serial, a name). */
  hasMetadata: boolean;
}

/**
 * Reads an image the way the copies will: its header (size, pixel count), then a full decode
 * at a small size, so a truncated or damaged file fails here with a 415 and is never stored,
 * and a decompression bomb (a small file of enormous dimensions) fails with a 413 before any
 * pixel is decoded.
 */
export async function inspectImage(bytes: Buffer, maxPixels: number): Promise<Inspected> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw refuse('UNSUPPORTED_MEDIA_TYPE', 'The file is not a readable image');
  }
  const { width, height } = meta;
  if (!width || !height) throw refuse('UNSUPPORTED_MEDIA_TYPE', 'The file is not a readable image');
  if (width * height > maxPixels)
    throw refuse(
      'PAYLOAD_TOO_LARGE',
      `Images may have at most ${Math.floor(maxPixels / 1_000_000)} megapixels; this one has ${width}×${height}`,
    );
  try {
    await decoder(bytes, maxPixels).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
  } catch {
    throw refuse('UNSUPPORTED_MEDIA_TYPE', 'The image is damaged or incomplete');
  }
  const shown = meta.autoOrient ?? { width, height };
  return {
    width: shown.width,
    height: shown.height,
    animated: (meta.pages ?? 1) > 1,
    hasMetadata: Boolean(meta.exif || meta.xmp || meta.iptc),
  };
}

/**
 * The original as it will be kept and served at `/files/<id>`: without EXIF, XMP and IPTC (a
 * phone photo's GPS position must not reach every visitor of a landing page), rotated by its
 * EXIF orientation so it still shows the right way up, in its own format at a high quality;
 * the colour profile is kept. An image without such metadata is kept byte for byte.
 */
export async function withoutMetadata(
  bytes: Buffer,
  mime: string,
  seen: Inspected,
  maxPixels: number,
): Promise<Buffer> {
  if (!seen.hasMetadata) return bytes;
  const image = decoder(bytes, maxPixels).keepIccProfile();
  if (mime === 'image/jpeg') return image.jpeg({ quality: 92, mozjpeg: true }).toBuffer();
  if (mime === 'image/png') return image.png({ compressionLevel: 9 }).toBuffer();
  if (mime === 'image/webp') return image.webp({ quality: 92 }).toBuffer();
  return image.gif().toBuffer();
}

/** Fails on damaged or truncated data (not on mere warnings), bounded in pixels, rotated by EXIF. */
const decoder = (bytes: Buffer, maxPixels: number) =>
  sharp(bytes, { failOn: 'error', limitInputPixels: maxPixels, autoOrient: true });

/** Encoder settings. AVIF at effort 2: effort 4 (the default) took 9 s for a 1600-px cover here. */
const ENCODE = {
  avif: (s: Sharp) => s.avif({ quality: 50, effort: 2 }),
  webp: (s: Sharp) => s.webp({ quality: 78 }),
} satisfies Record<VariantFormat, (s: Sharp) => Sharp>;

/** Every copy of an image, encoded one after the other (bounded memory, one core at a time). */
export async function makeVariants(
  bytes: Buffer,
  purpose: ImagePurpose,
  size: { width: number; height: number },
  maxPixels: number,
): Promise<Array<Variant & { data: Buffer }>> {
  const out: Array<Variant & { data: Buffer }> = [];
  for (const width of variantWidths(purpose, size.width, size.height)) {
    for (const format of VARIANT_FORMATS) {
      const base = decoder(bytes, maxPixels);
      const resized =
        purpose === 'photo'
          ? base.resize(width, width, { fit: 'cover' })
          : base.resize({ width, withoutEnlargement: true });
      const { data, info } = await ENCODE[format](resized).toBuffer({ resolveWithObject: true });
      out.push({ width: info.width, height: info.height, format, size_bytes: data.length, data });
    }
  }
  return out;
}

/** A variant's name in its URL and on disk: `<width>.<format>`. */
export const variantName = (v: Pick<Variant, 'width' | 'format'>) => `${v.width}.${v.format}`;

export function parseVariants(json: string | null): Variant[] {
  if (!json) return [];
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? (list as Variant[]) : [];
  } catch {
    return [];
  }
}
