import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logFormat, requestMessage, setupBanner } from './logging.js';

describe('logFormat', () => {
  it('follows LOG_FORMAT, else pretty in a terminal and JSON anywhere else', () => {
    assert.equal(logFormat('json', true), 'json');
    assert.equal(logFormat('pretty', false), 'pretty');
    assert.equal(logFormat(undefined, true), 'pretty');
    assert.equal(logFormat(undefined, false), 'json');
  });
});

describe('requestMessage', () => {
  it('says method, URL, status and time, with a decimal only for short times', () => {
    assert.equal(requestMessage('GET', '/e/launch', 200, 3.44), 'GET /e/launch 200 3.4 ms');
    assert.equal(requestMessage('POST', '/api/v1/events', 400, 123.6), 'POST /api/v1/events 400 124 ms');
  });
});

describe('setupBanner', () => {
  const url = 'http://localhost:3000/admin/#/setup/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde';
  it('frames the link on a line of its own, every row the same width', () => {
    const rows = setupBanner(url, false).split('\n').filter(Boolean);
    assert.equal(rows.length, 4);
    assert.match(rows[0]!, /No administrator yet/);
    assert.equal(rows[2]!.trim(), `│ ${url} │`);
    assert.equal(new Set(rows.map((r) => r.length)).size, 1, rows.join('\n'));
  });
  it('paints the link in a terminal without changing the frame', () => {
    const painted = setupBanner(url, true);
    assert.ok(painted.includes(`\u001b[1;36m${url}\u001b[0m`));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the colour codes.
    assert.equal(painted.replace(/\u001b\[[0-9;]*m/g, ''), setupBanner(url, false));
  });
  it('fits a short link too', () => {
    const rows = setupBanner('http://a/x', false).split('\n').filter(Boolean);
    assert.equal(new Set(rows.map((r) => r.length)).size, 1, rows.join('\n'));
  });
});
