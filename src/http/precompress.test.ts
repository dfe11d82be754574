import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { PRECOMPRESS_MIN_BYTES, precompressDir } from './precompress.js';

describe('precompressDir', () => {
  it('writes brotli and gzip siblings that decode to the file, for text files big enough, in sub-folders too, when smaller', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'precompress-'));
    try {
      fs.mkdirSync(path.join(dir, 'nested'));
      const script = 'export const greeting = "hello";\n'.repeat(200);
      fs.writeFileSync(path.join(dir, 'app-1a2b.js'), script);
      fs.writeFileSync(path.join(dir, 'nested', 'style-3c4d.css'), 'body { margin: 0 }\n'.repeat(100));
      fs.writeFileSync(path.join(dir, 'tiny.js'), 'x()'.padEnd(PRECOMPRESS_MIN_BYTES - 1));
      fs.writeFileSync(path.join(dir, 'cover.png'), randomBytes(4096));
      fs.writeFileSync(path.join(dir, 'app-1a2b.js.map'), '{"mappings":""}'.repeat(200));
      // Already dense: a sibling would not be smaller.
      fs.writeFileSync(path.join(dir, 'noise.svg'), randomBytes(4096));

      const written = precompressDir(dir).map((f) => path.relative(dir, f));

      assert.deepEqual(written.sort(), [
        'app-1a2b.js.br',
        'app-1a2b.js.gz',
        'nested/style-3c4d.css.br',
        'nested/style-3c4d.css.gz',
      ]);
      const br = fs.readFileSync(path.join(dir, 'app-1a2b.js.br'));
      const gz = fs.readFileSync(path.join(dir, 'app-1a2b.js.gz'));
      assert.equal(brotliDecompressSync(br).toString(), script);
      assert.equal(gunzipSync(gz).toString(), script);
      assert.ok(br.length < script.length / 10);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
