import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PNG } from 'pngjs';
import sharp from 'sharp';
import { readQrPng } from '../../../test/support/qr.js';
import {
  POSTER_SIZES,
  type PosterInput,
  type PosterSize,
  posterSvg,
  renderPoster,
  withoutRectMasks,
} from './poster.js';

const decode = (png: Buffer) => readQrPng(png).img;

const input = (over: Partial<PosterInput> = {}): PosterInput => ({
  locale: 'zh-CN',
  title: '从 0 到 1：B2B 直播获客实战 From 0 to 1',
  when: '2030年12月10日 星期二 14:00–15:30（中国标准时间）',
  speakers: [{ name: '李雷', title: 'CMO', company: '示例科技' }],
  inviter: '韩梅梅',
  link: 'http://localhost:3000/i/AbCdEfGhIjKlMn',
  ...over,
});

/** 120 characters: Chinese, English and emoji (two code units each) mixed, no spaces to wrap at. */
const LONG_NAME = [...'王小明WangXiaoming🎉🚀数字化转型负责人DigitalTransformationLead😀'.repeat(4)]
  .slice(0, 120)
  .join('');

/** True when every pixel of the band x ∈ [from, to) below `top` is the background (nothing spilled into the margin). */
function marginIsEmpty(img: PNG, from: number, to: number, top: number) {
  for (let y = top; y < img.height; y++)
    for (let x = from; x < to; x++) {
      const i = (y * img.width + x) * 4;
      if (img.data[i]! < 250 || img.data[i + 1]! < 250 || img.data[i + 2]! < 250) return false;
    }
  return true;
}

describe('invitation poster', () => {
  for (const size of Object.keys(POSTER_SIZES) as PosterSize[])
    it(`renders ${size} at its size with a long mixed name inside its margins and a readable QR code`, async () => {
      assert.equal([...LONG_NAME].length, 120);
      const { img, width, height, text } = readQrPng(
        await renderPoster(input({ inviter: LONG_NAME, title: LONG_NAME.repeat(2) }), size),
      );
      assert.deepEqual({ width, height }, POSTER_SIZES[size]);
      assert.equal(text, 'http://localhost:3000/i/AbCdEfGhIjKlMn');
      // The padding (48 / 64 px) stays empty: the text wrapped and was clamped, not cut at the edge.
      const pad = size === 'story' ? 48 : 64;
      const coverBottom = size === 'story' ? 422 : 360;
      assert.ok(marginIsEmpty(img, 0, pad - 8, coverBottom), 'left margin');
      assert.ok(marginIsEmpty(img, img.width - pad + 8, img.width, coverBottom), 'right margin');
      assert.ok(marginIsEmpty(img, 0, img.width, img.height - 16), 'bottom margin');
    });

  it('draws Chinese glyphs, not one placeholder box for all', async () => {
    const a = decode(await renderPoster(input({ title: '数据' }), 'square'));
    const b = decode(await renderPoster(input({ title: '直播' }), 'square'));
    const c = decode(await renderPoster(input({ title: '数据' }), 'square'));
    assert.ok(!a.data.equals(b.data), 'two different titles look different');
    assert.ok(a.data.equals(c.data), 'rendering is deterministic');
  });

  it('draws a PNG or JPEG cover across the top', async () => {
    for (const format of ['png', 'jpeg'] as const) {
      const image = await sharp({ create: { width: 320, height: 180, channels: 3, background: '#d01010' } })
        .toFormat(format)
        .toBuffer();
      const cover = `data:image/${format};base64,${image.toString('base64')}`;
      const img = decode(await renderPoster(input({ cover }), 'story'));
      const at = (x: number, y: number) => [
        ...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3),
      ];
      const [r, g, b] = at(375, 200);
      assert.ok(r! > 180 && g! < 70 && b! < 70, `${format}: the cover's red at the top, got ${[r, g, b]}`);
    }
  });

  it('leaves librsvg nothing to mask (a mask made a story raster ~7x slower)', async () => {
    for (const size of Object.keys(POSTER_SIZES) as PosterSize[]) {
      const svg = await posterSvg(input({ inviter: LONG_NAME, title: LONG_NAME }), size);
      assert.match(svg, / clip-path="/, `${size}: the clamped text is still clipped`);
      assert.doesNotMatch(svg, / mask="/, `${size}: no element is masked`);
    }
  });

  it('drops only masks that are a plain rectangle beside a clip-path', () => {
    const rect = '<mask id="a"><rect x="0" y="0" width="10" height="10" fill="#fff"/></mask>';
    const round = '<mask id="b"><path d="M0 0h10v10H0z" fill="#fff"/></mask>';
    assert.equal(
      withoutRectMasks(`${rect}<g mask="url(#a)" clip-path="url(#c)"><path d="M0 0"/></g>`),
      `${rect}<g clip-path="url(#c)"><path d="M0 0"/></g>`,
    );
    assert.equal(
      withoutRectMasks(`${rect}<image x="1" clip-path="url(#c)" mask="url(#a)"/>`),
      `${rect}<image x="1" clip-path="url(#c)"/>`,
    );
    // A rounded mask, or a mask with no clip-path beside it, still does something: kept.
    for (const kept of [`${round}<g mask="url(#b)" clip-path="url(#c)"/>`, `${rect}<g mask="url(#a)"/>`])
      assert.equal(withoutRectMasks(kept), kept);
  });

  it('speaks the event language', async () => {
    const en = decode(await renderPoster(input({ locale: 'en' }), 'story'));
    const zh = decode(await renderPoster(input({ locale: 'zh-CN' }), 'story'));
    assert.ok(!en.data.equals(zh.data));
  });
});
