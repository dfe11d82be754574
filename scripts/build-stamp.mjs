// Build stamps: a hash of everything a build read, written beside its output, so `npm start`
// rebuilds only when a source changed (issue 11 item 18). Contents are hashed, not times: a
// fresh clone or a `git checkout` back and forth changes times but not what the build makes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The server's output (tsc) and the browser's (Vite), each with the stamp that describes it. */
export const PARTS = {
  server: {
    stamp: 'dist/.build-stamp.json',
    output: 'dist/src/main.js',
    trees: ['src'],
    files: ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
  },
  browser: {
    stamp: 'web/dist/.build-stamp.json',
    output: 'web/dist/.vite/manifest.json',
    trees: ['web'],
    // The Vite config and what it imports; files of the module graph outside web/ are recorded
    // by the build itself (the stamp's `extra`).
    files: ['package-lock.json', 'src/http/precompress.ts', 'scripts/build-stamp.mjs'],
  },
};

/** Paths under `dir` (relative to `root`, `/`-separated, sorted) that a build reads. */
export function listTree(root, dir) {
  const out = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'dist' && entry.name !== 'node_modules') walk(child);
      } else if (!entry.name.endsWith('.test.ts')) out.push(child);
    }
  };
  if (fs.existsSync(path.join(root, dir))) walk(dir);
  return out.sort();
}

/** One hash over the names and contents of `files`; undefined when one is missing. */
export function hashFiles(root, files) {
  const hash = createHash('sha256');
  for (const file of [...new Set(files)].sort()) {
    const full = path.join(root, file);
    if (!fs.existsSync(full)) return undefined;
    hash.update(file).update('\0').update(fs.readFileSync(full)).update('\0');
  }
  return hash.digest('hex');
}

function inputsOf(root, part, extra = []) {
  return [...part.trees.flatMap((t) => listTree(root, t)), ...part.files, ...extra];
}

/** The stamp to write after a successful build of `part` (`extra`: more files it read). */
export function stampFor(root, part, extra = []) {
  return { hash: hashFiles(root, inputsOf(root, part, extra)), extra: [...new Set(extra)].sort() };
}

/** Writes a stamp taken before the build started, so an edit made during the build leaves it stale. */
export function writeStamp(root, part, stamp) {
  const file = path.join(root, part.stamp);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(stamp, null, 2)}\n`);
}

/**
 * Why `part` must be built again, or undefined when its output is up to date: no output,
 * no stamp, or a different hash of its inputs (a changed, added or removed source).
 */
export function staleReason(root, part) {
  if (!fs.existsSync(path.join(root, part.output))) return `${part.output} is missing`;
  const file = path.join(root, part.stamp);
  if (!fs.existsSync(file)) return `${part.stamp} is missing`;
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return `${part.stamp} is unreadable`;
  }
  const hash = hashFiles(root, inputsOf(root, part, Array.isArray(stamp.extra) ? stamp.extra : []));
  if (!hash || hash !== stamp.hash) return 'sources changed';
  return undefined;
}
