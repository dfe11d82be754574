import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { precompressDir } from '../src/http/precompress.ts';

const root = path.dirname(new URL(import.meta.url).pathname);

/**
 * One build for all browser code. Entries: the admin console (admin/index.html) and
 * every top-level script in audience/ and studio/ (landing page, player, room panel, host panel…), each loaded
 * by a server-rendered page. The server resolves hashed file names through the
 * manifest (src/http/assets.ts).
 */
const pageScripts = Object.fromEntries(
  ['audience', 'studio'].flatMap((dir) =>
    fs.existsSync(path.join(root, dir))
      ? fs
          .readdirSync(path.join(root, dir))
          .filter((f) => f.endsWith('.ts'))
          .map((f) => [`${dir}/${f.replace(/\.ts$/, '')}`, path.join(root, dir, f)])
      : [],
  ),
);

/** Brotli and gzip siblings of every built text file, served by Accept-Encoding (src/http/assets.ts). */
const precompress = (): Plugin => ({
  name: 'leadcast-precompress',
  apply: 'build',
  closeBundle() {
    precompressDir(path.join(root, 'dist', 'assets'));
  },
});

export default defineConfig({
  root,
  plugins: [precompress()],
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    target: 'es2020',
    rollupOptions: {
      input: {
        ...(fs.existsSync(path.join(root, 'admin', 'index.html'))
          ? { admin: path.join(root, 'admin', 'index.html') }
          : {}),
        ...pageScripts,
      },
    },
  },
});
