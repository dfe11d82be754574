import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { PARTS, stampFor, writeStamp } from '../scripts/build-stamp.mjs';
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

/**
 * Writes web/dist/.build-stamp.json after every build (tests, CI, `npm start`): the hash of
 * web/, what this config imports, and the bundled files outside web/, so `npm start`
 * (scripts/build.mjs) skips the build while none of them changed.
 */
const buildStamp = (): Plugin => {
  const project = path.resolve(root, '..');
  let before: string | undefined;
  let outside: string[] = [];
  return {
    name: 'leadcast-build-stamp',
    apply: 'build',
    buildStart() {
      before = stampFor(project, PARTS.browser).hash;
    },
    generateBundle() {
      outside = [...this.getModuleIds()]
        .map((id) => id.split('?')[0] ?? id)
        .filter(
          (id) =>
            id.startsWith(`${project}/`) && !id.startsWith(`${root}/`) && !id.includes('/node_modules/'),
        )
        .map((id) => path.relative(project, id));
    },
    closeBundle() {
      // A source edited while building: leave no stamp, so the next start builds again.
      if (stampFor(project, PARTS.browser).hash !== before) return;
      writeStamp(project, PARTS.browser, stampFor(project, PARTS.browser, outside));
    },
  };
};

export default defineConfig({
  root,
  plugins: [precompress(), buildStamp()],
  resolve: {
    // hls.js's light build (363 kB instead of 580): the live ladder muxes audio into each
    // rendition (src/live/ffmpeg-args.ts), so alternate audio, subtitles, DRM, CMCD and
    // content steering — what the light build leaves out — are never used. Same API and types.
    alias: [{ find: /^hls\.js$/, replacement: 'hls.js/dist/hls.light.mjs' }],
  },
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
      output: {
        // The console's charts load with the analytics tab: echarts and its renderer,
        // zrender, become two chunks (~360 and ~180 kB) fetched in parallel, each under
        // Vite's 500 kB warning and cached apart (an echarts upgrade may keep zrender).
        codeSplitting: {
          groups: [{ name: 'zrender', test: /node_modules[\\/]zrender[\\/]/ }],
        },
      },
    },
  },
});
