import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The poster's fonts, shipped from npm (no download at run time): Noto Sans SC's Latin,
 * Latin-extended and simplified-Chinese subsets in two weights, and Noto Emoji. Satori reads
 * TTF/OTF/WOFF (not WOFF2), so these are the `.woff` files. Each subset has a family name of
 * its own: satori picks one font per family and weight, and falls back across families glyph
 * by glyph, so a name in Chinese with an emoji and Latin letters takes each glyph from the
 * subset that has it. The list is built once: satori parses a font list once per array.
 */
export interface PosterFont {
  name: string;
  data: Buffer;
  weight: 400 | 700;
  style: 'normal';
}

const require = createRequire(import.meta.url);
const dirOf = (pkg: string) => path.dirname(require.resolve(`${pkg}/LICENSE`));

export const POSTER_FAMILY = 'Latin';

let fonts: PosterFont[] | undefined;
export function posterFonts(): PosterFont[] {
  if (fonts) return fonts;
  const sc = path.join(dirOf('@fontsource/noto-sans-sc'), 'files');
  const emoji = path.join(dirOf('@fontsource/noto-emoji'), 'files');
  const list: PosterFont[] = [];
  for (const [name, subset] of [
    [POSTER_FAMILY, 'latin'],
    ['LatinExt', 'latin-ext'],
    ['SC', 'chinese-simplified'],
  ] as const)
    for (const weight of [400, 700] as const)
      list.push({
        name,
        weight,
        style: 'normal',
        data: readFileSync(path.join(sc, `noto-sans-sc-${subset}-${weight}-normal.woff`)),
      });
  list.push({
    name: 'Emoji',
    weight: 400,
    style: 'normal',
    data: readFileSync(path.join(emoji, 'noto-emoji-emoji-400-normal.woff')),
  });
  fonts = list;
  return fonts;
}
