import QRCode from 'qrcode';
import satori from 'satori';
import sharp from 'sharp';
import { type Locale, translator } from '../../i18n/index.js';
import { POSTER_FAMILY, posterFonts } from './fonts.js';

/** The two poster sizes: a phone story (750×1334) and a square for feeds (1080×1080). */
export const POSTER_SIZES = {
  story: { width: 750, height: 1334 },
  square: { width: 1080, height: 1080 },
} as const;
export type PosterSize = keyof typeof POSTER_SIZES;

export interface PosterInput {
  locale: Locale;
  title: string;
  /** The event's time, already formatted in its zone and language. */
  when: string;
  speakers: { name: string; title: string; company: string }[];
  inviter: string;
  /** The personal invitation link the QR code carries. */
  link: string;
  /** The cover as a data URI (PNG or JPEG), if the event has one. */
  cover?: string;
}

const INK = '#111827';
const MUTED = '#4b5563';
const ACCENT = '#1d4ed8';
export const POSTER_BACKGROUND = '#ffffff';

// Satori's element tree: plain objects, no JSX in this codebase.
type Node = { type: string; props: Record<string, unknown> };
const el = (
  type: string,
  style: Record<string, unknown>,
  children?: unknown,
  extra: Record<string, unknown> = {},
): Node => ({
  type,
  props: { style, children, ...extra },
});

/** Text clamped to `lines` lines with an ellipsis: however long, it never leaves its box. */
const clamped = (
  text: string,
  width: number,
  fontSize: number,
  lines: number,
  style: Record<string, unknown> = {},
) =>
  el(
    'div',
    {
      display: 'block',
      fontSize,
      lineHeight: 1.3,
      maxHeight: Math.ceil(fontSize * 1.3 * lines),
      overflow: 'hidden',
      lineClamp: lines,
      textOverflow: 'ellipsis',
      wordBreak: 'break-all',
      width,
      ...style,
    },
    text,
  );

async function qrDataUri(link: string): Promise<string> {
  const svg = await QRCode.toString(link, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The poster as satori's element tree: pure layout, so a test can read what goes where. */
export function posterTree(input: PosterInput, size: PosterSize, qr: string): Node {
  const tr = translator(input.locale);
  const { width, height } = POSTER_SIZES[size];
  const story = size === 'story';
  const pad = story ? 48 : 64;
  const coverHeight = story ? Math.round((width * 9) / 16) : 360;
  const qrSize = story ? 300 : 340;
  const gap = 48;
  // Explicit widths all the way down: satori wraps text to its box's width, and a box sized by
  // percentage inside a padded parent measured the parent's outer width (text ran into the margin).
  const detailsWidth = story ? width - 2 * pad : width - 2 * pad - qrSize - gap;
  const inviteWidth = story ? width - 2 * pad : qrSize;
  const cover = input.cover
    ? el('img', { width, height: coverHeight, objectFit: 'cover' }, undefined, {
        src: input.cover,
        width,
        height: coverHeight,
      })
    : el('div', { width, height: coverHeight, background: ACCENT, display: 'flex' });
  const speakers = input.speakers.slice(0, 3).map((s) =>
    clamped(
      [s.name, [s.title, s.company].filter(Boolean).join(', ')].filter(Boolean).join(' · '),
      detailsWidth,
      story ? 24 : 26,
      1,
      {
        color: MUTED,
      },
    ),
  );
  const details = el('div', { display: 'flex', flexDirection: 'column', gap: 14, width: detailsWidth }, [
    clamped(input.title, detailsWidth, story ? 48 : 54, story ? 3 : 2, { fontWeight: 700, color: INK }),
    clamped(input.when, detailsWidth, story ? 26 : 28, 2, { color: ACCENT, fontWeight: 700 }),
    ...speakers,
  ]);
  const invite = el(
    'div',
    { display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 12, width: inviteWidth },
    [
      clamped(tr('poster.invites', { name: input.inviter }), inviteWidth, story ? 30 : 28, 2, {
        fontWeight: 700,
        color: INK,
        textAlign: 'center',
      }),
      el('img', { width: qrSize, height: qrSize }, undefined, { src: qr, width: qrSize, height: qrSize }),
      el('div', { display: 'flex', fontSize: 22, color: MUTED }, tr('poster.scan')),
    ],
  );
  const body = story
    ? el(
        'div',
        {
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'space-between',
          flexGrow: 1,
          padding: pad,
        },
        [details, invite],
      )
    : el(
        'div',
        { display: 'flex', flexDirection: 'row', gap, flexGrow: 1, padding: pad, alignItems: 'center' },
        [details, invite],
      );
  // No `overflow: hidden` here: the SVG's own viewport already crops at width × height (the
  // pixels are identical without it), and satori turns it into a full-canvas mask on every
  // element inside, which librsvg composites one by one: 380 ms a story poster against 52 ms.
  return el(
    'div',
    {
      display: 'flex',
      flexDirection: 'column',
      width,
      height,
      background: POSTER_BACKGROUND,
      fontFamily: POSTER_FAMILY,
    },
    [cover, body],
  );
}

/**
 * Satori clips a box with `overflow: hidden` twice: a clip-path of its rectangle, and a mask
 * (there for rounded corners) that is the same rectangle painted white. librsvg composites each
 * masked element through offscreen surfaces, which made the mask the bulk of the raster (and
 * its most load-sensitive part: 60–290 ms against 23–36 ms without, story poster, 2 shared
 * cores). A mask that is one plain opaque rectangle adds nothing to the clip-path beside it, so
 * its references are dropped; any other mask (rounded corners, a mask image) is left as is.
 */
export function withoutRectMasks(svg: string): string {
  const plain = new Set<string>();
  for (const m of svg.matchAll(
    /<mask id="([^"]+)"><rect x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*" fill="#fff"\/><\/mask>/g,
  ))
    plain.add(m[1]!);
  return svg.replace(/<(\w+)([^>]*?) mask="url\(#([^)]+)\)"([^>]*)>/g, (tag, name, before, id, after) =>
    plain.has(id) && `${before}${after}`.includes(' clip-path="') ? `<${name}${before}${after}>` : tag,
  );
}

/** The poster as SVG: satori's layout (text as paths), without the masks that add nothing. */
export async function posterSvg(input: PosterInput, size: PosterSize): Promise<string> {
  const { width, height } = POSTER_SIZES[size];
  const svg = await satori(posterTree(input, size, await qrDataUri(input.link)) as never, {
    width,
    height,
    fonts: posterFonts(),
  });
  return withoutRectMasks(svg);
}

/**
 * Renders a poster to PNG: satori lays it out as SVG (text as paths), sharp (libvips with
 * librsvg) rasterises it on libuv's thread pool, off the request thread. Not resvg-js: its Rust
 * pixmap (4 MB for a 750×1334 poster) is freed only when V8 collects the JS wrapper, and V8
 * does not count that memory, so a server's RSS grew by ~4.4 MB a poster (18 GB over 4,000
 * distinct posters in bench/promotion-posters). sharp frees a pipeline's memory when it
 * finishes. librsvg is fast on this SVG as long as nothing is masked (see the root box in
 * posterTree and withoutRectMasks).
 */
export async function renderPoster(input: PosterInput, size: PosterSize): Promise<Buffer> {
  // At 72 dpi an SVG pixel is a PNG pixel: the poster comes out at exactly width × height.
  return sharp(Buffer.from(await posterSvg(input, size)), { density: 72 })
    .png()
    .toBuffer();
}
