import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventInput } from './support/fixtures.js';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from './support/harness.js';

/**
 * U+0000 cannot be stored in PostgreSQL text (and used as an id it made every lookup fail):
 * a request carrying it in its path, query or body is refused up front, on every route.
 */
for (const dialect of dialects) {
  describe(`NUL characters in input (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    before(async () => {
      h = await startHarness(dialect);
      admin = await setupAdmin(h);
    });
    after(() => h.close());

    it('refuses them in path parameters, queries and bodies with 400, storing nothing', async () => {
      for (const url of ['/api/v1/events/%00', '/api/v1/events/a%00b/sop', '/api/v1/events?q=%00']) {
        const res = await admin.request({ url });
        assert.equal(res.statusCode, 400, url);
        assert.equal(res.json().error.code, 'BAD_REQUEST');
      }
      const body = await admin.request({
        method: 'POST',
        url: '/api/v1/events',
        payload: eventInput({ title: 'a\u0000b', slug: 'nul-title' }),
      });
      assert.equal(body.statusCode, 400);
      assert.equal(body.json().error.code, 'BAD_REQUEST');
      const nested = await admin.request({
        method: 'POST',
        url: '/api/v1/events',
        payload: { ...eventInput({ slug: 'nul-key' }), 'x\u0000': 1 },
      });
      assert.equal(nested.statusCode, 400);
      assert.equal((await admin.request({ url: '/api/v1/events' })).json().events.length, 0);
    });
  });
}
