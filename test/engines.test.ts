import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import semver from 'semver';

const ours = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines
  .node;

/** Every installed package (nested ones too) with the Node range it declares. */
function installed(dir = 'node_modules', out: { name: string; node: string }[] = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === '.bin' || entry.name === '.cache') continue;
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      installed(full, out);
      continue;
    }
    const manifest = path.join(full, 'package.json');
    if (fs.existsSync(manifest)) {
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
        name: string;
        version: string;
        engines?: { node?: unknown };
      };
      if (typeof pkg.engines?.node === 'string')
        out.push({ name: `${pkg.name}@${pkg.version}`, node: pkg.engines.node });
    }
    if (fs.existsSync(path.join(full, 'node_modules'))) installed(path.join(full, 'node_modules'), out);
  }
  return out;
}

describe("package.json's Node range", () => {
  it('fits inside the range of every installed dependency, so npm install warns no EBADENGINE', () => {
    const packages = installed();
    assert.ok(packages.length > 100, 'node_modules looks empty');
    const outside = packages
      .filter((p) => semver.validRange(p.node) && !semver.subset(ours, p.node))
      .map((p) => `${p.name} wants node ${p.node}`);
    assert.deepEqual(outside, []);
  });

  it('includes the Node running the tests', () => {
    assert.ok(semver.satisfies(process.version, ours), `${process.version} is outside ${ours}`);
  });
});
