import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Text formats worth compressing; images, fonts in woff2 and source maps are left alone. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|xml)$/;
/** Below this a compressed copy saves less than the headers it costs. */
export const PRECOMPRESS_MIN_BYTES = 1024;

/**
 * Writes `name.br` and `name.gz` beside every compressible file of `dir` (recursively), at
 * the highest levels: this runs once per build, so brotli 11 (≈15 % smaller than the level a
 * server can afford per request) costs build time, not response time. @fastify/static's
 * `preCompressed` then picks the sibling by Accept-Encoding. Returns the files written.
 *
 * @example precompressDir('web/dist/assets') // ['landing-3f2a.js.br', 'landing-3f2a.js.gz', …]
 */
export function precompressDir(dir: string): string[] {
  const written: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      written.push(...precompressDir(file));
      continue;
    }
    if (!COMPRESSIBLE.test(entry.name)) continue;
    const raw = fs.readFileSync(file);
    if (raw.length < PRECOMPRESS_MIN_BYTES) continue;
    const br = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    });
    const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
    // A sibling that is not smaller would only cost a disk read.
    if (br.length < raw.length) {
      fs.writeFileSync(`${file}.br`, br);
      written.push(`${file}.br`);
    }
    if (gz.length < raw.length) {
      fs.writeFileSync(`${file}.gz`, gz);
      written.push(`${file}.gz`);
    }
  }
  return written;
}
