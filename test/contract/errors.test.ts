import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEvent } from '../support/fixtures.js';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';

/** Every error, Fastify's own included, has the documented shape and never echoes the request. */
for (const dialect of dialects) {
  describe(`framework errors in the documented shape (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let admin: StaffClient;
    before(async () => {
      h = await startHarness(dialect);
      admin = await setupAdmin(h);
    });
    after(() => h.close());

    const assertError = (
      res: { statusCode: number; json(): unknown; body: string },
      status: number,
      code: string,
      notEchoed?: string,
    ) => {
      assert.equal(res.statusCode, status, res.body);
      const body = res.json() as { error: { code: string; message: string } };
      assert.deepEqual(Object.keys(body), ['error']);
      assert.equal(body.error.code, code);
      assert.equal(typeof body.error.message, 'string');
      if (notEchoed) assert.ok(!res.body.includes(notEchoed), `the answer echoes the request: ${res.body}`);
    };

    it('answers a path parameter over 100 characters with 414 URI_TOO_LONG, without echoing the path', async () => {
      const long = 'x'.repeat(5000);
      assertError(await admin.request({ url: `/api/v1/events/${long}` }), 414, 'URI_TOO_LONG', 'xxxxxxxxxx');
    });

    it('answers a URL that does not decode with 400 BAD_REQUEST', async () => {
      assertError(await admin.request({ url: '/api/v1/events/%E0%A4%A' }), 400, 'BAD_REQUEST', '%E0%A4%A');
    });

    it('answers bad JSON, a forbidden __proto__ and an empty JSON body with 400 BAD_REQUEST, without echoing', async () => {
      const send = (payload: string) =>
        admin.request({
          method: 'POST',
          url: '/api/v1/events',
          payload,
          headers: { 'content-type': 'application/json' },
        });
      assertError(await send('{"title": "secret-title'), 400, 'BAD_REQUEST', 'secret-title');
      assertError(await send('{"__proto__": {"polluted": "yes-polluted"}}'), 400, 'BAD_REQUEST', 'polluted');
      assertError(await send(''), 400, 'BAD_REQUEST');
    });

    it('answers an unknown content type with 415, a body over the limit with 413', async () => {
      assertError(
        await admin.request({
          method: 'POST',
          url: '/api/v1/events',
          payload: 'title=x',
          headers: { 'content-type': 'application/x-unknown' },
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      assertError(
        await admin.request({
          method: 'POST',
          url: '/api/v1/events',
          payload: JSON.stringify({ title: 'y'.repeat(300 * 1024) }),
          headers: { 'content-type': 'application/json' },
        }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
    });

    it('answers an unknown API route with 404 NOT_FOUND, without echoing the URL', async () => {
      assertError(
        await admin.request({ url: '/api/v1/nothing-here-at-all' }),
        404,
        'NOT_FOUND',
        'nothing-here',
      );
    });

    it('answers the live health of an unknown event with 404, of a known one with health null', async () => {
      assertError(await admin.request({ url: '/api/v1/events/no-such-event/live/health' }), 404, 'NOT_FOUND');
      const event = await createEvent(admin);
      const res = await admin.request({ url: `/api/v1/events/${event.id}/live/health` });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { health: null });
    });

    it('refuses a malformed Authorization header instead of falling back to the cookie', async () => {
      const res = await admin.request({ url: '/api/v1/me', headers: { authorization: 'Bearer' } });
      assertError(res, 401, 'UNAUTHENTICATED');
    });
  });
}
