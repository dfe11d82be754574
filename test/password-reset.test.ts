import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../src/ids.js';
import {
  ADMIN,
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from './support/harness.js';
import { startSmtpPeer } from './support/smtp.js';

const signIn = (h: Harness, email: string, password: string) =>
  h.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
const tokenOf = (url: string) => /#\/reset\/([\w-]+)$/.exec(url)?.[1] ?? '';

for (const dialect of dialects) {
  describe(`password reset without SMTP: an administrator's link (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let admin: StaffClient;
    let member: StaffClient;
    before(async () => {
      h = await startHarness(dialect);
      admin = await setupAdmin(h);
      member = await addTeammate(h, admin, 'member');
    });
    after(() => h?.close());

    it('lets an admin issue a one-time link, hashed at rest, that sets a new password once and signs out everywhere', async () => {
      const res = await admin.request({
        method: 'POST',
        url: `/api/v1/users/${member.userId}/password-reset`,
      });
      assert.equal(res.statusCode, 200, res.body);
      const { url, expires_at } = res.json();
      const token = tokenOf(url);
      assert.ok(token.length >= 43, url);
      assert.equal(Date.parse(expires_at) - h.clock.now().getTime(), 3_600_000);
      const stored = await h.services.db.kysely.selectFrom('password_resets').selectAll().execute();
      assert.equal(stored.length, 1);
      assert.equal(stored[0]?.token_hash, hashToken(token));
      assert.ok(!JSON.stringify(stored).includes(token), 'the secret itself is not stored');

      const open = await h.app.inject({ url: `/api/v1/auth/password-reset/${token}` });
      assert.equal(open.json().reset.email, 'member@example.com');
      const short = await h.app.inject({
        method: 'POST',
        url: `/api/v1/auth/password-reset/${token}`,
        payload: { password: 'short' },
      });
      assert.equal(short.statusCode, 400);
      assert.ok(short.json().error.details.fields.password);
      const done = await h.app.inject({
        method: 'POST',
        url: `/api/v1/auth/password-reset/${token}`,
        payload: { password: 'a brand new password' },
      });
      assert.equal(done.statusCode, 200, done.body);
      assert.equal((await member.request({ url: '/api/v1/me' })).statusCode, 401, 'old sessions end');
      assert.equal((await signIn(h, 'member@example.com', 'another good password')).statusCode, 401);
      assert.equal((await signIn(h, 'member@example.com', 'a brand new password')).statusCode, 200);
      const again = await h.app.inject({
        method: 'POST',
        url: `/api/v1/auth/password-reset/${token}`,
        payload: { password: 'yet another password' },
      });
      assert.equal(again.statusCode, 404, 'a link works once');
      assert.equal((await signIn(h, 'member@example.com', 'yet another password')).statusCode, 401);
    });

    it('refuses an expired link, and teammates other than admins cannot issue links', async () => {
      const { url } = (
        await admin.request({ method: 'POST', url: `/api/v1/users/${member.userId}/password-reset` })
      ).json();
      h.clock.advance(3_600_000 + 1000);
      const expired = await h.app.inject({
        method: 'POST',
        url: `/api/v1/auth/password-reset/${tokenOf(url)}`,
        payload: { password: 'a brand new password 2' },
      });
      assert.equal(expired.statusCode, 404);
      assert.equal(expired.json().error.code, 'NOT_FOUND');
      const member2 = await signIn(h, 'member@example.com', 'a brand new password');
      const cookie = member2.cookies.find((c) => c.name === 'lc_session');
      const byMember = await h.app.inject({
        method: 'POST',
        url: `/api/v1/users/${admin.userId}/password-reset`,
        headers: { cookie: `lc_session=${cookie?.value}`, 'x-csrf-token': member2.json().csrf_token },
      });
      assert.equal(byMember.statusCode, 403);
    });

    it('answers a request by email with "ask an administrator", the same for known and unknown addresses, sending nothing', async () => {
      const known = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        payload: { email: ADMIN.email },
      });
      const unknown = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        payload: { email: 'nobody@example.com' },
      });
      assert.equal(known.statusCode, 200);
      assert.equal(known.body, unknown.body);
      assert.deepEqual(known.json(), { delivery: 'admin' });
      const mails = await h.services.db.kysely.selectFrom('mail_messages').select('subject').execute();
      assert.ok(!mails.some((m) => /password/i.test(m.subject)));
    });
  });

  describe(`password reset with SMTP: a link by email (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
    before(async () => {
      smtp = await startSmtpPeer();
      h = await startHarness(dialect, { SMTP_URL: smtp.url, LOGIN_RATE_LIMIT_PER_MINUTE: '6' });
      await setupAdmin(h);
    });
    after(async () => {
      await h?.close();
      await smtp?.close();
    });

    it('emails a link to a known address only, with the same answer for both, and the link works', async () => {
      const known = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        payload: { email: ` ${ADMIN.email.toUpperCase()} ` },
      });
      const unknown = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        payload: { email: 'nobody@example.com' },
      });
      assert.equal(known.body, unknown.body);
      assert.deepEqual(known.json(), { delivery: 'email' });
      for (let i = 0; i < 100 && smtp.received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(smtp.received.length, 1);
      const mail = smtp.received[0]!;
      assert.equal((mail.to as { text: string }).text, ADMIN.email);
      const url = /http\S+#\/reset\/[\w-]+/.exec(mail.text ?? '')?.[0] ?? '';
      const done = await h.app.inject({
        method: 'POST',
        url: `/api/v1/auth/password-reset/${tokenOf(url)}`,
        payload: { password: 'a reset password' },
      });
      assert.equal(done.statusCode, 200, done.body);
      assert.equal((await signIn(h, ADMIN.email, 'a reset password')).statusCode, 200);
    });

    it('limits requests per minute', async () => {
      let last = 0;
      for (let i = 0; i < 8; i++)
        last = (
          await h.app.inject({
            method: 'POST',
            url: '/api/v1/auth/password-reset',
            payload: { email: 'x@example.com' },
          })
        ).statusCode;
      assert.equal(last, 429);
    });
  });
}
