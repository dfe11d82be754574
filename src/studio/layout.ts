/**
 * Where each picture goes on the programme canvas. Pure geometry shared by the host's
 * browser (which draws it) and the tests: a layout, the people on stage and whether a
 * slide (shared screen) is available become tiles in drawing order.
 */
export const layouts = ['speaker', 'slides_pip', 'side_by_side', 'grid', 'slide'] as const;
export type Layout = (typeof layouts)[number];
export const corners = ['top_left', 'top_right', 'bottom_left', 'bottom_right'] as const;
export type Corner = (typeof corners)[number];

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One picture to draw: `source` is 'slides' or a participant id; `fit` says how a mismatched aspect is handled. */
export interface Tile {
  source: string;
  rect: Rect;
  /** cover crops (people fill their box), contain letterboxes (slides are never cut). */
  fit: 'cover' | 'contain';
}

export interface Canvas {
  width: number;
  height: number;
}

/** Margin around the picture-in-picture and between grid tiles, as a share of the canvas width. */
const GAP = 0.0125;
/** Picture-in-picture width as a share of the canvas width. */
const PIP_WIDTH = 0.25;

const round = (r: Rect): Rect => ({
  x: Math.round(r.x),
  y: Math.round(r.y),
  w: Math.round(r.w),
  h: Math.round(r.h),
});

/** Rows × columns for n tiles on a landscape canvas: 1, 2 side by side, 2×2 up to 4, 3+2… up to 6. */
export function gridShape(n: number): { rows: number; cols: number } {
  if (n <= 1) return { rows: 1, cols: 1 };
  if (n === 2) return { rows: 1, cols: 2 };
  if (n <= 4) return { rows: 2, cols: 2 };
  return { rows: 2, cols: 3 };
}

/** n equal 16:9-ish cells filling the canvas with gaps; a short last row is centred. */
function grid(canvas: Canvas, n: number): Rect[] {
  const { rows, cols } = gridShape(n);
  const gap = canvas.width * GAP;
  const w = (canvas.width - gap * (cols + 1)) / cols;
  const h = (canvas.height - gap * (rows + 1)) / rows;
  const cells: Rect[] = [];
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / cols);
    const inRow = row === rows - 1 ? n - row * cols : cols;
    const offset = ((cols - inRow) * (w + gap)) / 2;
    cells.push(round({ x: offset + gap + (i % cols) * (w + gap), y: gap + row * (h + gap), w, h }));
  }
  return cells;
}

/** The picture-in-picture box (16:9) in a corner. */
export function pipRect(canvas: Canvas, corner: Corner): Rect {
  const gap = canvas.width * GAP;
  const w = canvas.width * PIP_WIDTH;
  const h = (w * 9) / 16;
  const x = corner.endsWith('left') ? gap : canvas.width - gap - w;
  const y = corner.startsWith('top') ? gap : canvas.height - gap - h;
  return round({ x, y, w, h });
}

/** The lower-third bar: bottom left, clear of a bottom-left picture-in-picture's height. */
export function lowerThirdRect(canvas: Canvas): Rect {
  return round({
    x: canvas.width * 0.04,
    y: canvas.height * 0.78,
    w: canvas.width * 0.5,
    h: canvas.height * 0.13,
  });
}

/**
 * The layout actually drawn for what is available: a layout that needs a slide falls back
 * to the people when nobody shares a screen, and one that needs people shows the slide alone
 * when nobody is on stage. Never throws, so a guest leaving mid-stream never breaks the picture.
 */
export function effectiveLayout(layout: Layout, people: number, hasSlides: boolean): Layout | 'empty' {
  if (people === 0) return hasSlides ? 'slide' : 'empty';
  if (!hasSlides && (layout === 'slide' || layout === 'slides_pip')) return people > 1 ? 'grid' : 'speaker';
  if (layout === 'side_by_side' && !hasSlides && people === 1) return 'speaker';
  return layout;
}

/**
 * Tiles in drawing order (background first). `people` are participant ids on stage, the
 * featured speaker first.
 */
export function composeLayout(
  canvas: Canvas,
  layout: Layout,
  opts: { corner: Corner; people: readonly string[]; hasSlides: boolean },
): Tile[] {
  const { people, hasSlides, corner } = opts;
  const full: Rect = { x: 0, y: 0, w: canvas.width, h: canvas.height };
  const shown = effectiveLayout(layout, people.length, hasSlides);
  const [first] = people;
  switch (shown) {
    case 'empty':
      return [];
    case 'slide':
      return [{ source: 'slides', rect: full, fit: 'contain' }];
    case 'speaker':
      return [{ source: first as string, rect: full, fit: 'cover' }];
    case 'grid':
      return grid(canvas, people.length).map((rect, i) => ({
        source: people[i] as string,
        rect,
        fit: 'cover',
      }));
    case 'slides_pip':
      return [
        { source: 'slides', rect: full, fit: 'contain' },
        { source: first as string, rect: pipRect(canvas, corner), fit: 'cover' },
      ];
    case 'side_by_side': {
      // Slide on the left two thirds when there is one, people stacked on the right.
      const gap = canvas.width * GAP;
      if (!hasSlides)
        return grid({ width: canvas.width, height: canvas.height }, people.length).map((rect, i) => ({
          source: people[i] as string,
          rect,
          fit: 'cover',
        }));
      const slideW = canvas.width * (2 / 3) - gap * 1.5;
      const slide = round({ x: gap, y: gap, w: slideW, h: canvas.height - gap * 2 });
      const colX = gap * 2 + slideW;
      const colW = canvas.width - colX - gap;
      const n = people.length;
      const cellH = Math.min((colW * 9) / 16, (canvas.height - gap * (n + 1)) / n);
      const top = (canvas.height - (cellH * n + gap * (n - 1))) / 2;
      return [
        { source: 'slides', rect: slide, fit: 'contain' },
        ...people.map((source, i) => ({
          source,
          rect: round({ x: colX, y: top + i * (cellH + gap), w: colW, h: cellH }),
          fit: 'cover' as const,
        })),
      ];
    }
  }
}

/**
 * Source and destination rectangles for `drawImage` so a `srcW`×`srcH` picture fills
 * `rect` without distortion: `cover` crops the centre (a phone's portrait camera framed into
 * a landscape tile keeps the face), `contain` letterboxes (a slide is never cut).
 */
export function fitInto(
  srcW: number,
  srcH: number,
  rect: Rect,
  fit: 'cover' | 'contain',
): { src: Rect; dst: Rect } {
  if (srcW <= 0 || srcH <= 0) return { src: { x: 0, y: 0, w: 0, h: 0 }, dst: rect };
  const srcAspect = srcW / srcH;
  const dstAspect = rect.w / rect.h;
  if (fit === 'cover') {
    if (srcAspect > dstAspect) {
      const w = srcH * dstAspect;
      return { src: { x: (srcW - w) / 2, y: 0, w, h: srcH }, dst: rect };
    }
    const h = srcW / dstAspect;
    // Portrait cameras: keep the upper part, where the face is, rather than the exact centre.
    const y = srcAspect < 1 ? (srcH - h) * 0.3 : (srcH - h) / 2;
    return { src: { x: 0, y, w: srcW, h }, dst: rect };
  }
  const src = { x: 0, y: 0, w: srcW, h: srcH };
  if (srcAspect > dstAspect) {
    const h = rect.w / srcAspect;
    return { src, dst: { x: rect.x, y: rect.y + (rect.h - h) / 2, w: rect.w, h } };
  }
  const w = rect.h * srcAspect;
  return { src, dst: { x: rect.x + (rect.w - w) / 2, y: rect.y, w, h: rect.h } };
}
