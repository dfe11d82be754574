import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PARTS, staleReason, stampFor, writeStamp } from '../scripts/build-stamp.mjs';

/** A small checkout: the files each part reads, and the outputs a build leaves. */
function checkout(root: string) {
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  write('src/main.ts', 'console.log("main");\n');
  write('src/room/messages.ts', 'export const hello = "hello";\n');
  write('src/room/messages.test.ts', 'test\n');
  write('src/http/precompress.ts', 'export {};\n');
  for (const script of ['scripts/build.mjs', 'scripts/build-stamp.mjs'])
    write(script, fs.readFileSync(script, 'utf8'));
  write('tsconfig.json', '{}\n');
  write('tsconfig.build.json', '{}\n');
  write('package-lock.json', '{}\n');
  write('web/vite.config.ts', 'export default {};\n');
  write('web/audience/landing.ts', 'import { hello } from "../../src/room/messages";\n');
  write('dist/src/main.js', 'console.log("main");\n');
  write('web/dist/.vite/manifest.json', '{}\n');
  write('web/dist/assets/landing-1a2b.js', 'built\n');
  write('node_modules/dep/index.js', 'dep\n');
  return write;
}

describe('build stamps', () => {
  let root: string;
  let write: ReturnType<typeof checkout>;
  const stale = () => ({
    server: staleReason(root, PARTS.server),
    browser: staleReason(root, PARTS.browser),
  });
  const stampBoth = () => {
    writeStamp(root, PARTS.server, stampFor(root, PARTS.server));
    writeStamp(root, PARTS.browser, stampFor(root, PARTS.browser, ['src/room/messages.ts']));
  };

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-stamp-'));
    write = checkout(root);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('asks for both builds on a fresh checkout, and for none once both are stamped', () => {
    assert.deepEqual(stale(), {
      server: 'dist/.build-stamp.json is missing',
      browser: 'web/dist/.build-stamp.json is missing',
    });
    stampBoth();
    assert.deepEqual(stale(), { server: undefined, browser: undefined });
  });

  it('ignores new file times, tests, dependencies’ files and build output', () => {
    stampBoth();
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, 'src/main.ts'), later, later);
    write('src/room/messages.test.ts', 'another test\n');
    write('node_modules/dep/index.js', 'dep 2\n');
    write('web/dist/assets/landing-1a2b.js', 'rebuilt\n');
    assert.deepEqual(stale(), { server: undefined, browser: undefined });
  });

  it('rebuilds only the server when a server file changes', () => {
    stampBoth();
    write('src/main.ts', 'console.log("changed");\n');
    assert.deepEqual(stale(), { server: 'sources changed', browser: undefined });
  });

  it('rebuilds only the browser code when a file under web/ changes, is added, or is removed', () => {
    for (const change of [
      () => write('web/audience/landing.ts', '// changed\n'),
      () => write('web/audience/new-page.ts', 'export {};\n'),
      () => fs.rmSync(path.join(root, 'web/audience/new-page.ts')),
      () => write('web/vite.config.ts', 'export default { base: "/" };\n'),
    ]) {
      stampBoth();
      change();
      assert.deepEqual(stale(), { server: undefined, browser: 'sources changed' });
    }
  });

  it('rebuilds both when a file of both changes: a server file the browser bundles, the lockfile', () => {
    for (const file of ['src/room/messages.ts', 'package-lock.json']) {
      stampBoth();
      write(file, `${file} changed\n`);
      assert.deepEqual(stale(), { server: 'sources changed', browser: 'sources changed' }, file);
    }
  });

  it('`node scripts/build.mjs` starts at once when up to date, and says what is missing to build', () => {
    stampBoth();
    const build = () =>
      spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { encoding: 'utf8' });
    let run = build();
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Build is up to date/);
    write('src/main.ts', 'console.log("edited");\n');
    run = build();
    assert.equal(run.status, 1);
    assert.match(run.stdout, /Building the server \(sources changed\)/);
    assert.match(run.stderr, /node_modules\/typescript\/bin\/tsc is missing \(run "npm install"/);
  });

  it('rebuilds when the output is gone or the stamp is damaged', () => {
    stampBoth();
    fs.rmSync(path.join(root, 'dist/src/main.js'));
    fs.writeFileSync(path.join(root, PARTS.browser.stamp), '{"hash":');
    assert.deepEqual(stale(), {
      server: 'dist/src/main.js is missing',
      browser: 'web/dist/.build-stamp.json is unreadable',
    });
  });
});
