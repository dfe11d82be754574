import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, settingNames } from './config.js';

describe('loadConfig', () => {
  it('defaults to SQLite under ./data on port 3000', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.deepEqual(c.database, { kind: 'sqlite', file: path.resolve('data/leadcast.db') });
    assert.equal(c.publicBaseUrl, 'http://localhost:3000');
    assert.ok(Object.isFrozen(c));
  });

  it('switches to PostgreSQL from DATABASE_URL and trims the base URL', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u@db/leadcast',
      PUBLIC_BASE_URL: 'https://live.example.com/',
    });
    assert.deepEqual(c.database, { kind: 'postgres', url: 'postgres://u@db/leadcast' });
    assert.equal(c.publicBaseUrl, 'https://live.example.com');
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        TRUST_PROXY: 'maybe',
        LIVE_INGEST: 'external',
      });
      assert.fail('expected a ConfigError');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual(err.problems.map((p) => p.split(':')[0]).sort(), [
        'DATABASE_URL',
        'LOG_LEVEL',
        'PORT',
        'TRUST_PROXY',
      ]);
    }
  });

  it("lists every setting in README's settings table", () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('| variable'), readme.indexOf('Health checks:'));
    const missing = settingNames.filter((name) => !table.includes(`\`${name}\``));
    assert.deepEqual(missing, []);
  });
});
