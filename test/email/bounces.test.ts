import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { dialects, type Harness, type StaffClient, skipReason, startHarness } from '../support/harness.js';
import { lastingAdmin } from './support.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

for (const dialect of dialects) {
  describe(`the bounce webhook (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    before(async () => {
      h = await startHarness(dialect, { MAIL_BOUNCE_SECRET: SECRET });
      admin = await lastingAdmin(h);
    });
    after(() => h.close());

    const post = (payload: string, sign: { secret?: string; body?: string; at?: Date } = {}) => {
      const id = `msg_${randomBytes(8).toString('hex')}`;
      const at = sign.at ?? new Date();
      const signature = new Webhook(sign.secret ?? SECRET).sign(id, at, sign.body ?? payload);
      return h.app.inject({
        method: 'POST',
        url: '/api/v1/public/mail/bounces',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signature,
        },
        payload,
      });
    };
    const listed = async () =>
      (await admin.request({ url: '/api/v1/mail/suppressions' }))
        .json()
        .suppressions.map((s: { email: string; reason: string; note: string }) => [s.email, s.reason, s.note])
        .sort();

    it('refuses unsigned, wrongly signed, tampered and stale reports, and changes nothing', async () => {
      const body = JSON.stringify({ events: [{ type: 'bounce', email: 'x@example.com' }] });
      const unsigned = await h.app.inject({
        method: 'POST',
        url: '/api/v1/public/mail/bounces',
        headers: { 'content-type': 'application/json' },
        payload: body,
      });
      assert.equal(unsigned.statusCode, 401);
      assert.equal(unsigned.json().error.code, 'UNAUTHENTICATED');
      const other = `whsec_${randomBytes(32).toString('base64')}`;
      assert.equal((await post(body, { secret: other })).statusCode, 401);
      assert.equal((await post(body, { body: body.replace('x@', 'y@') })).statusCode, 401);
      assert.equal((await post(body, { at: new Date(Date.now() - 3_600_000) })).statusCode, 401);
      assert.deepEqual(await listed(), []);
    });

    it('suppresses hard bounces and complaints, ignores soft bounces, and refuses a bad report with its field', async () => {
      const bad = await post(JSON.stringify({ events: [{ type: 'bounce', email: 'not-an-address' }] }));
      assert.equal(bad.statusCode, 400, bad.body);
      assert.ok(bad.json().error.details.fields['events.0.email'], bad.body);
      assert.equal((await post('{"events": [')).statusCode, 400);
      const res = await post(
        JSON.stringify({
          events: [
            { type: 'bounce', email: 'Gone@Example.com', reason: '550 5.1.1 no such user' },
            { type: 'bounce', email: 'full@example.com', bounce_type: 'soft', reason: '452 full' },
            { type: 'complaint', email: 'angry@example.com' },
          ],
        }),
      );
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { suppressed: 2, ignored: 1 });
      assert.deepEqual(await listed(), [
        ['angry@example.com', 'complaint', ''],
        ['gone@example.com', 'bounce', '550 5.1.1 no such user'],
      ]);
      // The relay may send the same report again: nothing changes.
      const again = await post(
        JSON.stringify({ events: [{ type: 'complaint', email: 'angry@example.com' }] }),
      );
      assert.equal(again.statusCode, 200);
      assert.equal((await listed()).length, 2);
    });
  });
}
