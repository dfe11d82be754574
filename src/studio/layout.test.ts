import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeLayout, effectiveLayout, fitInto, gridShape, pipRect, type Rect } from './layout.js';

const canvas = { width: 1280, height: 720 };
const inside = (r: Rect) => r.x >= 0 && r.y >= 0 && r.x + r.w <= canvas.width && r.y + r.h <= canvas.height;
const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('studio layout geometry', () => {
  it('speaker only fills the canvas with the first person, cropped not stretched', () => {
    assert.deepEqual(
      composeLayout(canvas, 'speaker', { corner: 'top_left', people: ['host', 'g1'], hasSlides: true }),
      [{ source: 'host', rect: { x: 0, y: 0, w: 1280, h: 720 }, fit: 'cover' }],
    );
  });

  it('slides with picture-in-picture puts a 16:9 speaker box in the chosen corner over the slide', () => {
    for (const corner of ['top_left', 'top_right', 'bottom_left', 'bottom_right'] as const) {
      const tiles = composeLayout(canvas, 'slides_pip', { corner, people: ['host'], hasSlides: true });
      assert.equal(tiles.length, 2);
      assert.deepEqual(tiles[0], { source: 'slides', rect: { x: 0, y: 0, w: 1280, h: 720 }, fit: 'contain' });
      const pip = tiles[1]?.rect as Rect;
      assert.deepEqual(pip, pipRect(canvas, corner));
      assert.ok(inside(pip));
      assert.equal(pip.w, 320);
      assert.equal(pip.h, 180);
      assert.equal(pip.x < 640, corner.endsWith('left'));
      assert.equal(pip.y < 360, corner.startsWith('top'));
    }
  });

  it('side by side gives the slide two thirds and stacks the people without overlap', () => {
    const tiles = composeLayout(canvas, 'side_by_side', {
      corner: 'top_left',
      people: ['host', 'g1', 'g2'],
      hasSlides: true,
    });
    assert.deepEqual(
      tiles.map((t) => t.source),
      ['slides', 'host', 'g1', 'g2'],
    );
    const [slide, ...people] = tiles.map((t) => t.rect);
    assert.ok(slide && slide.w > canvas.width * 0.6);
    for (const r of tiles.map((t) => t.rect)) assert.ok(inside(r), JSON.stringify(r));
    for (let i = 0; i < tiles.length; i++)
      for (let j = i + 1; j < tiles.length; j++)
        assert.ok(!overlap(tiles[i]!.rect, tiles[j]!.rect), `${i} overlaps ${j}`);
    assert.ok(people.every((r) => r.x > (slide?.x ?? 0) + (slide?.w ?? 0)));
  });

  it('the guest grid has one cell per person, inside the canvas, never overlapping', () => {
    for (let n = 1; n <= 5; n++) {
      const people = Array.from({ length: n }, (_, i) => `p${i}`);
      const tiles = composeLayout(canvas, 'grid', { corner: 'top_left', people, hasSlides: false });
      assert.equal(tiles.length, n);
      assert.deepEqual(
        tiles.map((t) => t.source),
        people,
      );
      for (const t of tiles) assert.ok(inside(t.rect), `${n}: ${JSON.stringify(t.rect)}`);
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) assert.ok(!overlap(tiles[i]!.rect, tiles[j]!.rect));
    }
    assert.deepEqual(gridShape(3), { rows: 2, cols: 2 });
    // Three people: the third sits centred on the second row.
    const three = composeLayout(canvas, 'grid', {
      corner: 'top_left',
      people: ['a', 'b', 'c'],
      hasSlides: false,
    });
    const c = three[2]!.rect;
    assert.ok(Math.abs(c.x + c.w / 2 - 640) <= 1);
  });

  it('full-screen slide letterboxes the slide', () => {
    assert.deepEqual(
      composeLayout(canvas, 'slide', { corner: 'top_left', people: ['host'], hasSlides: true }),
      [{ source: 'slides', rect: { x: 0, y: 0, w: 1280, h: 720 }, fit: 'contain' }],
    );
  });

  it('falls back when what a layout needs is missing, instead of drawing nothing', () => {
    assert.equal(effectiveLayout('slides_pip', 1, false), 'speaker');
    assert.equal(effectiveLayout('slide', 3, false), 'grid');
    assert.equal(effectiveLayout('speaker', 0, true), 'slide');
    assert.equal(effectiveLayout('grid', 0, false), 'empty');
    assert.equal(effectiveLayout('side_by_side', 1, false), 'speaker');
    assert.equal(effectiveLayout('grid', 2, true), 'grid');
    assert.deepEqual(composeLayout(canvas, 'grid', { corner: 'top_left', people: [], hasSlides: false }), []);
  });

  it('fits pictures: cover crops a portrait phone camera keeping the upper part, contain letterboxes', () => {
    const tile = { x: 100, y: 50, w: 320, h: 180 };
    const phone = fitInto(720, 1280, tile, 'cover');
    assert.deepEqual(phone.dst, tile);
    assert.equal(phone.src.w, 720);
    assert.ok(Math.abs(phone.src.w / phone.src.h - 16 / 9) < 1e-9);
    assert.ok(phone.src.y > 0 && phone.src.y < (1280 - phone.src.h) / 2, 'face stays in the picture');
    const wide = fitInto(2560, 1080, tile, 'cover');
    assert.equal(wide.src.h, 1080);
    assert.ok(Math.abs(wide.src.x - (2560 - 1080 * (16 / 9)) / 2) < 1e-9);
    const slide = fitInto(1024, 768, { x: 0, y: 0, w: 1280, h: 720 }, 'contain');
    assert.deepEqual(slide.src, { x: 0, y: 0, w: 1024, h: 768 });
    assert.equal(slide.dst.h, 720);
    assert.equal(slide.dst.w, 960);
    assert.equal(slide.dst.x, 160);
    assert.deepEqual(fitInto(0, 0, tile, 'cover').src, { x: 0, y: 0, w: 0, h: 0 });
  });
});
