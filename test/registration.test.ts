import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { RESEND_WINDOW_MS } from '../src/registration/registrations.js';
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

const person = (over: Record<string, string> = {}) => ({
  name: '王小明',
  email: 'xiaoming@example.com',
  phone: '+86 138 0013 8000',
  company: '示例科技',
  job_title: 'CMO',
  consent: 'on',
  ...over,
});

const form = (fields: Record<string, string>) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

for (const dialect of dialects) {
  describe(`registration and public pages (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let event: { id: string; slug: string };
    const count = async () =>
      (await admin.request({ url: `/api/v1/events/${event.id}/registrations` })).json().total as number;
    const mailsTo = (address: string) =>
      h.services.db.kysely
        .selectFrom('mail_messages')
        .selectAll()
        .where('to_address', '=', address)
        .orderBy('created_at')
        .execute();

    before(async () => {
      h = await startHarness(dialect, { REGISTRATION_RATE_LIMIT_PER_MINUTE: '1000' });
      admin = await setupAdmin(h);
      event = await createEvent(admin, { slug: 'growth-live' });
    });
    after(() => h.close());

    it('hides drafts, then serves a server-rendered landing page with share metadata once published', async () => {
      assert.equal((await h.app.inject('/e/growth-live')).statusCode, 404);
      await publish(admin, event.id);
      const res = await h.app.inject('/e/growth-live');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      const page = res.body;
      assert.match(page, /<meta property="og:title" content="From 0 to 1: B2B Live Ops">/);
      assert.match(
        page,
        /<meta property="og:description" content="Tuesday, December 10, 2030 at 2:00\sPM – 3:30\sPM/,
      );
      assert.match(page, /<form id="register" method="post" action="\/e\/growth-live\/register/);
      assert.match(page, /Asia\/Shanghai, GMT\+8/);
      assert.match(page, /name="consent"/);
      const br = await h.app.inject({
        url: '/e/growth-live',
        headers: { 'accept-encoding': 'gzip, deflate, br' },
      });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(brotliDecompressSync(br.rawPayload).toString(), page);
      const gz = await h.app.inject({ url: '/e/growth-live', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gunzipSync(gz.rawPayload).toString(), page);
    });

    it('shows only audience-facing fields and complete share metadata', async () => {
      const page = (await h.app.inject('/e/growth-live')).body;
      // The brief's planning fields belong to the team.
      for (const internal of [
        'Budgets moved online',
        'Webinars that produce no leads',
        'Marketing leaders',
        'Why now',
      ])
        assert.ok(!page.includes(internal), internal);
      assert.match(page, /How to run a webinar programme that produces pipeline\./);
      assert.match(page, /<meta property="og:locale" content="en_US">/);
      assert.match(page, /<meta property="og:site_name" content="LeadCast">/);
      assert.match(page, /<link rel="icon" href="\/favicon.svg"/);
      for (const icon of ['/favicon.svg', '/favicon.ico'])
        assert.equal((await h.app.inject(icon)).headers['content-type'], 'image/svg+xml');
      assert.match(
        page,
        /https:\/\/calendar.google.com\/calendar\/render\?action=TEMPLATE&amp;text=From\+0\+to\+1/,
      );
      assert.match(page, /dates=20301210T060000Z%2F20301210T073000Z/);
      assert.match(page, /https:\/\/outlook.office.com\/calendar\/0\/deeplink\/compose\?/);
      const ics = await h.app.inject('/e/growth-live/calendar.ics');
      assert.equal(ics.statusCode, 200);
      assert.match(ics.body, /DTSTART:20301210T060000Z/);
      assert.match(ics.body, /URL:http:\/\/localhost:3000\/e\/growth-live/);
    });

    it('cuts a long share description at a word with an ellipsis and names the cover size', async () => {
      const long = await createEvent(admin, {
        slug: 'long-summary',
        summary: `${'Pipeline '.repeat(30)}ends here`,
      });
      await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${long.id}/cover`,
        ...multipartFile(PNG_1X1),
      });
      await publish(admin, long.id);
      const page = (await h.app.inject('/e/long-summary')).body;
      const description = /<meta property="og:description" content="([^"]*)">/.exec(page)?.[1] ?? '';
      assert.match(description, / — (Pipeline )+Pipeline…$/);
      assert.match(page, /<meta property="og:image:width" content="1">/);
      assert.match(page, /<meta property="og:image:height" content="1">/);
      assert.match(page, /<meta property="og:image:alt" content="From 0 to 1: B2B Live Ops">/);
      assert.match(page, /<img class="cover" src="\/files\/[^"]+" alt="" width="1" height="1"/);
    });

    it('answers the form URL with the landing page on refresh, back or bookmark', async () => {
      const res = await h.app.inject('/e/growth-live/register?lang=zh-CN');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/e/growth-live?lang=zh-CN#register');
    });

    it('speaks the event language, or ?lang', async () => {
      const zh = await createEvent(admin, {
        slug: 'zh-event',
        language: 'zh-CN',
        title: '企业直播从 0 到 1',
      });
      await publish(admin, zh.id);
      const page = (await h.app.inject('/e/zh-event')).body;
      assert.match(page, /<html lang="zh-CN">/);
      assert.match(page, /立即报名/);
      assert.match(page, /2030年12月10日星期二/);
      assert.match(page, /<meta property="og:locale" content="zh_CN">/);
      assert.match((await h.app.inject('/e/zh-event?lang=en')).body, /Register now/);
    });

    it('registers through the no-JS form and shows the join link and .ics; a repeat never shows the link but emails it again', async () => {
      const res = await h.app.inject({ method: 'POST', url: '/e/growth-live/register', ...form(person()) });
      assert.equal(res.statusCode, 303);
      const location = res.headers.location as string;
      const token = /registered\/([A-Za-z0-9_-]{43})/.exec(location)?.[1];
      assert.ok(token, location);
      const confirmation = await h.app.inject(location);
      assert.equal(confirmation.statusCode, 200);
      const compressed = await h.app.inject({ url: location, headers: { 'accept-encoding': 'br' } });
      assert.equal(compressed.headers['content-encoding'], 'br');
      assert.equal(brotliDecompressSync(compressed.rawPayload).toString(), confirmation.body);
      assert.ok(confirmation.body.includes(`http://localhost:3000/j/${token}`));
      assert.match(confirmation.body, /noindex/);
      const ics = await h.app.inject(`/e/growth-live/registered/${token}/calendar.ics`);
      assert.match(ics.headers['content-type'] as string, /text\/calendar/);
      assert.match(ics.body, /DTSTART:20301210T060000Z/);
      assert.ok(ics.body.includes(`/j/${token}`));
      // The cover uploaded above queued its image copies, which run now too: count the emails.
      assert.ok((await h.services.jobs.runDue()) >= 1);
      assert.equal((await mailsTo('xiaoming@example.com')).length, 1);

      // Someone else types the same address, right away and later: never the link, the owner gets it.
      const repeat = () =>
        h.app.inject({
          method: 'POST',
          url: '/e/growth-live/register',
          ...form(person({ name: 'Mallory', email: 'XiaoMing@Example.com ' })),
        });
      const again = await repeat();
      assert.equal(again.statusCode, 200);
      assert.ok(!again.body.includes(token), 'the join link is not shown');
      assert.match(again.body, /already registered — we have emailed your personal join link again/);
      await h.services.jobs.runDue();
      assert.equal((await mailsTo('xiaoming@example.com')).length, 1, 'the first email is minutes old');
      h.clock.advance(RESEND_WINDOW_MS + 1000);
      await repeat();
      await repeat();
      assert.equal(await h.services.jobs.runDue(), 1, 'one re-send per window');
      const mails = await mailsTo('xiaoming@example.com');
      assert.equal(mails.length, 2);
      assert.ok(mails.every((m) => m.text_body.includes(`/j/${token}`)));
      assert.ok(
        mails.every((m) => m.text_body.includes('王小明')),
        'addressed to the registrant',
      );
      assert.equal(await count(), 1);
    });

    it('shows field-level errors in the page and stores nothing', async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/e/growth-live/register',
        ...form({ name: '', email: 'not-an-email', phone: 'abc', company: 'Acme' }),
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Enter a valid email address/);
      assert.match(res.body, /Enter a valid phone number/);
      assert.match(res.body, /Please agree to continue/);
      assert.match(res.body, /value="Acme"/);
      assert.match(res.body, /<div class="alert" id="reg-errors" role="alert" tabindex="-1" autofocus/);
      assert.match(res.body, /<a href="#f-email">Work email: Enter a valid email address<\/a>/);
      assert.match(res.body, /aria-invalid="true" aria-describedby="e-phone"/);
      const honeypot = await h.app.inject({
        method: 'POST',
        url: '/e/growth-live/register',
        ...form(person({ email: 'bot@example.com', website: 'http://spam' })),
      });
      assert.equal(honeypot.statusCode, 400);
      assert.match(honeypot.body, /could not be accepted/);
      assert.equal(await count(), 1);
    });

    it('registers through the JSON API once per email, even when requests race', async () => {
      const send = () =>
        h.app.inject({
          method: 'POST',
          url: '/api/v1/public/events/growth-live/registrations',
          payload: person({ email: 'race@example.com' }),
        });
      const results = await Promise.all(Array.from({ length: 12 }, send));
      const created = results.filter((r) => r.statusCode === 201);
      assert.equal(created.length, 1);
      assert.match(created[0]!.json().registration.join_url, /^http:\/\/localhost:3000\/j\//);
      for (const repeat of results.filter((r) => r.statusCode !== 201)) {
        assert.equal(repeat.statusCode, 200);
        assert.deepEqual(repeat.json(), {
          created: false,
          message:
            'You are already registered — we have emailed your personal join link again. Check your inbox.',
        });
      }
      assert.equal(await count(), 2);
      await h.services.jobs.runDue();
      assert.equal((await mailsTo('race@example.com')).length, 1, 'a burst of repeats sends one email');
      const bad = await h.app.inject({
        method: 'POST',
        url: '/api/v1/public/events/growth-live/registrations?lang=zh-CN',
        payload: { ...person(), email: 'x' },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.details.fields.email, '请输入有效的邮箱地址');
      const draft = await createEvent(admin, { slug: 'still-draft' });
      const refused = await h.app.inject({
        method: 'POST',
        url: `/api/v1/public/events/${draft.slug}/registrations`,
        payload: person(),
      });
      assert.equal(refused.statusCode, 404);
    });

    it('lets the team search, sort and page registrations; exports CSV for Excel', async () => {
      for (const [i, name] of ['Alice', 'Bob', 'Carol'].entries()) {
        await h.app.inject({
          method: 'POST',
          url: '/api/v1/public/events/growth-live/registrations',
          payload: person({
            name,
            email: `${name.toLowerCase()}@corp.example`,
            company: i === 1 ? 'Bobco' : 'Corp',
          }),
        });
      }
      const page = (
        await admin.request({
          url: `/api/v1/events/${event.id}/registrations?sort=name&order=asc&page=1&page_size=2`,
        })
      ).json();
      assert.equal(page.total, 5);
      assert.deepEqual(
        page.registrations.map((r: { name: string }) => r.name),
        ['Alice', 'Bob'],
      );
      const search = (
        await admin.request({ url: `/api/v1/events/${event.id}/registrations?q=BOBCO` })
      ).json();
      assert.deepEqual(
        search.registrations.map((r: { name: string }) => r.name),
        ['Bob'],
      );
      const badSort = await admin.request({ url: `/api/v1/events/${event.id}/registrations?sort=password` });
      assert.equal(badSort.statusCode, 400);

      const sales = await addTeammate(h, admin, 'sales');
      const csv = await sales.request({ url: `/api/v1/events/${event.id}/registrations.csv` });
      assert.equal(csv.statusCode, 200);
      assert.match(
        csv.headers['content-disposition'] as string,
        /attachment; filename="growth-live-registrations.csv"/,
      );
      const bytes = csv.rawPayload;
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8');
      assert.ok(text.includes('"王小明","xiaoming@example.com","+8613800138000","示例科技"'));
      assert.equal(text.trim().split('\r\n').length, 6);
      assert.equal(
        (await h.app.inject({ url: `/api/v1/events/${event.id}/registrations.csv` })).statusCode,
        401,
      );
    });

    it('revokes a registration so its join link stops working; sales may not', async () => {
      const { registrations } = (
        await admin.request({ url: `/api/v1/events/${event.id}/registrations?q=alice` })
      ).json();
      const alice = registrations[0];
      const found = await h.services.registrations.findByJoinToken(
        (
          await h.services.db.kysely
            .selectFrom('registrations')
            .select('join_token')
            .where('id', '=', alice.id)
            .executeTakeFirstOrThrow()
        ).join_token,
      );
      assert.ok(found);
      const sales = await addTeammate(h, admin, 'sales', 'sales2@example.com');
      const denied = await sales.request({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}/registrations/${alice.id}`,
        payload: { status: 'revoked' },
      });
      assert.equal(denied.statusCode, 403);
      const res = await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}/registrations/${alice.id}`,
        payload: { status: 'revoked' },
      });
      assert.equal(res.json().registration.status, 'revoked');
      assert.equal(await h.services.registrations.findByJoinToken(found.registration.join_token), undefined);
      const bad = await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}/registrations/${alice.id}`,
        payload: { status: 'deleted' },
      });
      assert.equal(bad.statusCode, 400);
    });

    it('writes a burst of registrations together, each with its own join link and email job', async () => {
      const other = await createEvent(admin, { slug: 'burst-live' });
      await publish(admin, other.id);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          h.app.inject({
            method: 'POST',
            url: '/api/v1/public/events/burst-live/registrations',
            payload: person({ email: `burst${i}@example.com` }),
          }),
        ),
      );
      assert.deepEqual(new Set(results.map((r) => r.statusCode)), new Set([201]));
      assert.equal(new Set(results.map((r) => r.json().registration.join_url)).size, 40);
      const db = h.services.db.kysely;
      const ids = (
        await db.selectFrom('registrations').select('id').where('event_id', '=', other.id).execute()
      ).map((r) => r.id);
      const jobKeys = new Set(
        (await db.selectFrom('jobs').select('idempotency_key').execute()).map((j) => j.idempotency_key),
      );
      assert.equal(ids.length, 40);
      assert.ok(
        ids.every((id) => jobKeys.has(`registration.confirmation:${id}`)),
        'every registration stored with its confirmation job',
      );
      // One person registering for two events in the same burst is one contact.
      const both = await Promise.all(
        ['growth-live', 'burst-live'].map((slug) =>
          h.app.inject({
            method: 'POST',
            url: `/api/v1/public/events/${slug}/registrations`,
            payload: person({ email: 'both@example.com' }),
          }),
        ),
      );
      assert.deepEqual(
        both.map((r) => r.statusCode),
        [201, 201],
      );
      const contactIds = (
        await db
          .selectFrom('registrations')
          .select('contact_id')
          .where('email', '=', 'both@example.com')
          .execute()
      ).map((r) => r.contact_id);
      assert.equal(contactIds.length, 2);
      assert.equal(new Set(contactIds).size, 1);
      const contacts = await db
        .selectFrom('contacts')
        .select('id')
        .where('email', '=', 'both@example.com')
        .execute();
      assert.deepEqual(
        contacts.map((c) => c.id),
        [contactIds[0]],
      );
    });

    it('records the consent text a registrant saw, even right after the team changed it', async () => {
      const consentOf = (email: string) =>
        h.services.db.kysely
          .selectFrom('registrations')
          .select(['consent_text', 'consent_version'])
          .where('email', '=', email)
          .executeTakeFirstOrThrow();
      const send = (email: string) =>
        h.app.inject({
          method: 'POST',
          url: '/api/v1/public/events/consent-live/registrations',
          payload: person({ email }),
        });
      const other = await createEvent(admin, { slug: 'consent-live' });
      await publish(admin, other.id);
      assert.equal((await send('consent-before@example.com')).statusCode, 201);
      const first = await consentOf('consent-before@example.com');
      const changed = await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${other.id}`,
        payload: { consent_text: 'We will call you about our product.' },
      });
      assert.equal(changed.statusCode, 200);
      assert.equal((await send('consent-after@example.com')).statusCode, 201);
      const second = await consentOf('consent-after@example.com');
      assert.equal(second.consent_text, 'We will call you about our product.');
      assert.equal(second.consent_version, first.consent_version + 1);
    });

    it('never puts registrants on public pages', async () => {
      const page = (await h.app.inject('/e/growth-live')).body;
      assert.ok(!page.includes('xiaoming@example.com'));
      assert.ok(!page.includes('王小明'));
      assert.equal((await h.app.inject('/e/growth-live/registered/not-a-token')).statusCode, 404);
      const missing = await h.app.inject({
        url: '/no/such/page',
        headers: { accept: 'text/html', 'accept-language': 'zh-CN' },
      });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /页面不存在/);
      assert.equal((await h.app.inject('/api/v1/nothing')).json().error.code, 'NOT_FOUND');
    });
  });
}

describe('registration rate limit', () => {
  it('answers 429 with a stable code and Retry-After past the per-IP limit, and stores nothing more', async () => {
    const h = await startHarness('sqlite', { REGISTRATION_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const admin = await setupAdmin(h);
      const event = await createEvent(admin, { slug: 'limited' });
      await publish(admin, event.id);
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await h.app.inject({
          method: 'POST',
          url: '/api/v1/public/events/limited/registrations',
          payload: person({ email: `p${i}@example.com` }),
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429) {
          assert.equal(res.json().error.code, 'RATE_LIMITED');
          // A refused client is told when to come back.
          assert.ok(Number(res.headers['retry-after']) > 0);
        } else {
          // Accepted requests carry no rate-limit headers (they cost on every page view).
          assert.equal(res.headers['x-ratelimit-remaining'], undefined);
        }
      }
      assert.deepEqual(codes, [201, 201, 201, 429, 429]);
      const total = (await admin.request({ url: `/api/v1/events/${event.id}/registrations` })).json().total;
      assert.equal(total, 3);
    } finally {
      await h.close();
    }
  });
});
