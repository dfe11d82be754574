import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ADMIN,
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  staffClient,
  startHarness,
} from './support/harness.js';

for (const dialect of dialects) {
  describe(`accounts (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    before(async () => {
      h = await startHarness(dialect);
    });
    after(() => h.close());

    it('reports that setup is needed, refuses a wrong setup token, then creates the first admin', async () => {
      assert.deepEqual((await h.app.inject('/api/v1/setup')).json(), { needs_setup: true });
      await h.services.accounts.issueSetupToken();
      const bad = await h.app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { token: 'nope', ...ADMIN },
      });
      assert.equal(bad.statusCode, 403);
      admin = await setupAdmin(h);
      assert.deepEqual((await h.app.inject('/api/v1/setup')).json(), { needs_setup: false });
      const again = await h.app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { token: 'x', ...ADMIN },
      });
      assert.equal(again.json().error.code, 'SETUP_DONE');
    });

    it('answers 401 without a session and 200 with one', async () => {
      const anon = await h.app.inject('/api/v1/me');
      assert.equal(anon.statusCode, 401);
      assert.equal(anon.json().error.code, 'UNAUTHENTICATED');
      const me = await admin.request({ url: '/api/v1/me' });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().user.email, ADMIN.email);
      assert.equal(me.json().user.password_hash, undefined);
    });

    it('signs in with the right password only, with field errors for empty input', async () => {
      const wrong = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: ADMIN.email, password: 'nope nope nope' },
      });
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.json().error.code, 'INVALID_CREDENTIALS');
      const empty = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: '', password: '' },
      });
      assert.equal(empty.statusCode, 400);
      assert.deepEqual(Object.keys(empty.json().error.details.fields).sort(), ['email', 'password']);
      const ok = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: 'ADMIN@example.com ', password: ADMIN.password },
      });
      assert.equal(ok.statusCode, 200);
      const cookie = ok.cookies.find((c) => c.name === 'lc_session');
      assert.ok(cookie?.httpOnly);
      assert.equal(cookie?.sameSite, 'Lax');
    });

    it('rejects a state-changing cookie request without the CSRF token', async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/invitations',
        headers: { cookie: admin.cookie },
        payload: { email: 'x@example.com', role: 'member' },
      });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'CSRF_FAILED');
      const list = await admin.request({ url: '/api/v1/invitations' });
      assert.equal(list.json().invitations.length, 0);
    });

    it('invites teammates by link with a role, and enforces roles server-side', async () => {
      const member = await addTeammate(h, admin, 'member');
      const sales = await addTeammate(h, admin, 'sales');
      assert.equal((await member.request({ url: '/api/v1/users' })).statusCode, 403);
      assert.equal((await sales.request({ url: '/api/v1/api-tokens' })).statusCode, 403);
      const users = (await admin.request({ url: '/api/v1/users' })).json().users;
      assert.deepEqual(users.map((u: { role: string }) => u.role).sort(), ['admin', 'member', 'sales']);
      const dup = await admin.request({
        method: 'POST',
        url: '/api/v1/invitations',
        payload: { email: 'member@example.com', role: 'member' },
      });
      assert.equal(dup.statusCode, 409);
    });

    it('uses an invitation link once only', async () => {
      const inv = (
        await admin.request({
          method: 'POST',
          url: '/api/v1/invitations',
          payload: { email: 'once@example.com', role: 'member' },
        })
      ).json();
      assert.ok(inv.url.includes(inv.token));
      const accept = (t: string) =>
        h.app.inject({
          method: 'POST',
          url: `/api/v1/invitations/by-token/${t}/accept`,
          payload: { name: 'Once', password: 'long enough pw' },
        });
      assert.equal((await accept(inv.token)).statusCode, 200);
      assert.equal((await accept(inv.token)).statusCode, 404);
    });

    it('keeps the last admin: cannot demote the only active admin', async () => {
      const res = await admin.request({
        method: 'PATCH',
        url: `/api/v1/users/${admin.userId}`,
        payload: { role: 'member' },
      });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'INVALID_STATE');
    });

    it('creates scoped, revocable API tokens', async () => {
      const created = await admin.request({
        method: 'POST',
        url: '/api/v1/api-tokens',
        payload: { name: 'CRM', scopes: ['events:read'] },
      });
      assert.equal(created.statusCode, 200);
      const { token, api_token: apiToken } = created.json();
      assert.match(token, /^lc_[A-Za-z0-9_-]{40,}$/);
      const bearer = { authorization: `Bearer ${token}` };
      const outOfScope = await h.app.inject({ url: '/api/v1/users', headers: bearer });
      assert.equal(outOfScope.statusCode, 403);
      assert.match(outOfScope.json().error.message, /^This token's scope does not allow this/);
      // The scheme is case-insensitive.
      for (const scheme of ['bearer', 'BEARER', 'Bearer ']) {
        const res = await h.app.inject({
          url: '/api/v1/events',
          headers: { authorization: `${scheme} ${token}` },
        });
        assert.equal(res.statusCode, 200, scheme);
      }
      const listed = (await admin.request({ url: '/api/v1/api-tokens' })).json().api_tokens;
      assert.equal(listed[0].token_hash, undefined);
      const badScope = await admin.request({
        method: 'POST',
        url: '/api/v1/api-tokens',
        payload: { name: 'x', scopes: ['tokens:manage'] },
      });
      assert.equal(badScope.statusCode, 400);
      await admin.request({ method: 'DELETE', url: `/api/v1/api-tokens/${apiToken.id}` });
      const revoked = await h.app.inject({ url: '/api/v1/me', headers: bearer });
      assert.equal(revoked.statusCode, 401);
    });

    it('changes the password and signs out other browsers', async () => {
      const other = staffClient(
        h.app,
        await h.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { email: ADMIN.email, password: ADMIN.password },
        }),
      );
      const short = await admin.request({
        method: 'POST',
        url: '/api/v1/me/password',
        payload: { current_password: ADMIN.password, new_password: 'short' },
      });
      assert.equal(short.json().error.details.fields.new_password, 'Use at least 10 characters');
      const res = await admin.request({
        method: 'POST',
        url: '/api/v1/me/password',
        payload: { current_password: ADMIN.password, new_password: 'a brand new password' },
      });
      assert.equal(res.statusCode, 200);
      assert.equal((await other.request({ url: '/api/v1/me' })).statusCode, 401);
      assert.equal((await admin.request({ url: '/api/v1/me' })).statusCode, 200);
    });

    it('expires idle sessions and signs out', async () => {
      h.clock.advance((h.config.session.idleHours + 1) * 3_600_000);
      assert.equal((await admin.request({ url: '/api/v1/me' })).statusCode, 401);
      const fresh = staffClient(
        h.app,
        await h.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { email: ADMIN.email, password: 'a brand new password' },
        }),
      );
      assert.equal((await fresh.request({ method: 'POST', url: '/api/v1/auth/sign-out' })).statusCode, 200);
      assert.equal((await fresh.request({ url: '/api/v1/me' })).statusCode, 401);
    });

    it('serves health, readiness and the OpenAPI document', async () => {
      assert.equal((await h.app.inject('/healthz')).statusCode, 200);
      assert.equal((await h.app.inject('/readyz')).json().status, 'ready');
      const doc = (await h.app.inject('/api/openapi.json')).json();
      assert.equal(doc.openapi, '3.1.0');
      assert.ok(doc.paths['/api/v1/invitations/by-token/{token}/accept'].post);
    });
  });
}
