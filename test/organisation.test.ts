import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEvent, multipartFile, PNG_1X1, publish } from './support/fixtures.js';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from './support/harness.js';

for (const dialect of dialects) {
  describe(`organisation settings (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let member: StaffClient;

    before(async () => {
      h = await startHarness(dialect);
      admin = await setupAdmin(h);
      member = await addTeammate(h, admin, 'member');
      const event = await createEvent(admin, { slug: 'org-event' });
      await publish(admin, event.id);
    });
    after(() => h.close());

    it('starts empty, and only admins may read or change it', async () => {
      const res = await admin.request({ url: '/api/v1/organisation' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), {
        organisation: { name: '', logo_url: null, privacy_url: null, updated_at: null },
      });
      assert.equal((await member.request({ url: '/api/v1/organisation' })).statusCode, 403);
      const put = await member.request({
        method: 'PUT',
        url: '/api/v1/organisation',
        payload: { name: 'Sneaky', privacy_url: '' },
      });
      assert.equal(put.statusCode, 403);
      assert.equal((await h.app.inject({ url: '/api/v1/organisation' })).statusCode, 401);
    });

    it('rejects a privacy link that is not a web address and changes nothing', async () => {
      const res = await admin.request({
        method: 'PUT',
        url: '/api/v1/organisation',
        payload: { name: 'Acme', privacy_url: 'javascript:alert(1)' },
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
      assert.ok(res.json().error.details.fields.privacy_url);
      assert.equal((await admin.request({ url: '/api/v1/organisation' })).json().organisation.name, '');
    });

    it('saves name, privacy link and logo, audits them, and shows them on the landing page at once', async () => {
      const res = await admin.request({
        method: 'PUT',
        url: '/api/v1/organisation',
        payload: { name: ' Acme Cloud ', privacy_url: 'https://acme.example/privacy' },
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().organisation.name, 'Acme Cloud');
      const logo = await admin.request({
        method: 'PUT',
        url: '/api/v1/organisation/logo',
        ...multipartFile(PNG_1X1, 'logo.png'),
      });
      assert.equal(logo.statusCode, 200);
      const logoUrl = logo.json().organisation.logo_url as string;
      assert.match(logoUrl, /^\/files\//);
      const page = (await h.app.inject('/e/org-event')).body;
      assert.match(page, /<span class="org-name">Acme Cloud<\/span>/);
      assert.ok(page.includes(`<img src="${logoUrl}"`));
      assert.match(
        page,
        /<a href="https:\/\/acme.example\/privacy" target="_blank" rel="noopener">Privacy policy<\/a>/,
      );
      assert.match(page, /<meta property="og:site_name" content="Acme Cloud">/);
      const actions = await h.services.db.kysely
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('target_type', '=', 'organisation')
        .orderBy('id')
        .execute();
      assert.deepEqual(actions.map((a) => a.action).sort(), ['organisation.logo.set', 'organisation.update']);
      assert.ok(actions.every((a) => a.actor_id === admin.userId));

      const removed = await admin.request({ method: 'DELETE', url: '/api/v1/organisation/logo' });
      assert.equal(removed.json().organisation.logo_url, null);
      // A new URL key skips the one-second microcache: the cached version was replaced.
      assert.ok(!(await h.app.inject('/e/org-event?lang=en')).body.includes(logoUrl));
    });
  });
}
