import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEvent, publish } from './support/fixtures.js';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from './support/harness.js';
import { insertRegistration } from './support/rows.js';

const person = (over: Record<string, unknown> = {}) => ({
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  phone: '+86 138 0013 8000',
  company: 'Analytical Engines',
  consent: true,
  ...over,
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
});

// Raw control characters: C0 (with NUL), DEL and C1. Tab and line breaks are allowed only in multi-line text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

for (const dialect of dialects) {
  describe(`input boundary (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let event: { id: string; slug: string };
    const register = (body: unknown, query = '') =>
      h.app.inject({
        method: 'POST',
        url: `/api/v1/public/events/${event.slug}/registrations${query}`,
        payload: body as Record<string, unknown>,
      });
    const listed = async (query: string) =>
      (await admin.request({ url: `/api/v1/events/${event.id}/registrations?${query}` })).json()
        .registrations as { name: string }[];

    before(async () => {
      h = await startHarness(dialect, { REGISTRATION_RATE_LIMIT_PER_MINUTE: '1000' });
      admin = await setupAdmin(h);
      event = await createEvent(admin, { slug: 'boundary-live' });
      await publish(admin, event.id);
    });
    after(() => h.close());

    it('refuses NUL and other control characters in path parameters with a clear 400, never 500', async () => {
      for (const url of [
        '/e/%00',
        '/j/%00',
        '/e/boundary-live%00/register',
        `/e/boundary-live/registered/%00/calendar.ics`,
        '/api/v1/public/events/%00/registrations',
        `/api/v1/events/${event.id}%C2%85`,
        `/api/v1/events/${event.id}/registrations?q=%00`,
        '/e/boundary-live?utm_source=%1B',
      ]) {
        const method = url.includes('/register') && !url.includes('registered') ? 'POST' : 'GET';
        const res = await admin.request({ method, url, payload: method === 'POST' ? person() : undefined });
        assert.equal(res.statusCode, 400, `${method} ${url}: ${res.body}`);
        const { error } = res.json();
        assert.equal(error.code, 'VALIDATION_FAILED');
        assert.match(Object.values(error.details.fields).join(), /control characters/);
      }
    });

    it('refuses a registration with a control character in any field, on the API and the form, and stores nothing', async () => {
      const res = await register(person({ name: 'Ada\u0000' }));
      assert.equal(res.statusCode, 400);
      assert.equal(
        res.json().error.details.fields.name,
        'Remove the control characters (invisible characters such as NUL) from this text',
      );
      const zh = await register(person({ company: 'Engines\u0085' }), '?lang=zh-CN');
      assert.equal(zh.json().error.details.fields.company, '请删除文本中的控制字符（例如 NUL 等不可见字符）');
      const unknownField = await register(person({ extra: { deep: ['\u0007'] } }));
      assert.equal(unknownField.statusCode, 400);
      assert.ok(unknownField.json().error.details.fields['extra.deep.0']);
      const tabInName = await register(person({ name: 'Ada\tLovelace' }));
      assert.equal(tabInName.statusCode, 400, 'a single-line field refuses tabs');
      const page = await h.app.inject({
        method: 'POST',
        url: '/e/boundary-live/register',
        ...form({ ...person({ consent: 'on' }), name: 'Ada\u0000Lovelace' } as unknown as Record<
          string,
          string
        >),
      });
      assert.equal(page.statusCode, 400);
      assert.match(page.headers['content-type'] as string, /text\/html/);
      assert.match(page.body, /Remove the control characters/);
      // A header we keep loses its control characters instead of storing them.
      const withAgent = await h.app.inject({
        method: 'POST',
        url: `/api/v1/public/events/${event.slug}/registrations`,
        payload: person({ email: 'agent@example.com' }),
        headers: { 'user-agent': 'Bot\u0001/1.0' },
      });
      assert.equal(withAgent.statusCode, 201);
      const stored = await h.services.db.kysely
        .selectFrom('registrations')
        .select(['name', 'company', 'user_agent'])
        .where('event_id', '=', event.id)
        .execute();
      assert.deepEqual(stored, [
        { name: 'Ada Lovelace', company: 'Analytical Engines', user_agent: 'Bot/1.0' },
      ]);
      if (dialect === 'sqlite') {
        // SQLite stored them before this check (PostgreSQL refused U+0000 with a 500): the CSV drops them.
        await insertRegistration(h.services.db.kysely, event.id, {
          name: 'Old\u0000row\u0085',
          company: 'A\tB',
        });
      }
      const csv = await admin.request({ url: `/api/v1/events/${event.id}/registrations.csv` });
      assert.equal(csv.statusCode, 200);
      assert.ok(!CONTROL_CHARS.test(csv.body));
      if (dialect === 'sqlite') assert.ok(csv.body.includes('"Oldrow"'));
    });

    it('refuses control characters in staff input too, but keeps line breaks in multi-line text', async () => {
      const bad = await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}`,
        payload: { title: 'Webinar\u0000', summary: 'ok' },
      });
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.json().error.details.fields.title);
      const titleBreak = await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}`,
        payload: { title: 'Two\nlines' },
      });
      assert.equal(titleBreak.statusCode, 400, 'a title is one line');
      const ok = await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}`,
        payload: { summary: 'First line\r\n\tSecond line' },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().event.summary, 'First line\r\n\tSecond line');
    });

    it('answers missing and wrong-type fields with our own messages, in the caller\u2019s language', async () => {
      const missing = await register({ email: 'x@example.com', phone: 5, consent: true });
      const fields = missing.json().error.details.fields;
      assert.equal(fields.name, 'This field is required');
      assert.equal(fields.company, 'This field is required');
      assert.equal(fields.phone, 'This value has the wrong type');
      const zh = await register({ email: 'x@example.com', consent: true }, '?lang=zh-CN');
      assert.equal(zh.json().error.details.fields.name, '此项为必填');
      for (const message of [...Object.values(fields), ...Object.values(zh.json().error.details.fields)])
        assert.doesNotMatch(String(message), /Invalid input|expected|received/);
      // Staff routes answer in the signed-in user's language.
      const me = await admin.request({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'zh-CN' } });
      assert.equal(me.statusCode, 200, me.body);
      const staff = await admin.request({ method: 'POST', url: '/api/v1/events', payload: { title: 42 } });
      await admin.request({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'en' } });
      assert.equal(staff.statusCode, 400);
      const staffFields = staff.json().error.details.fields;
      assert.equal(staffFields.title, '此项的类型不正确');
      assert.equal(staffFields.timezone, '此项为必填');
      const tooLong = await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}`,
        payload: { title: 'x'.repeat(201) },
      });
      assert.equal(tooLong.json().error.details.fields.title, 'Use at most 200 characters');
    });

    it('never names the honeypot field in a JSON error', async () => {
      const res = await register(person({ email: 'bot@example.com', website: 'http://spam.example' }));
      assert.equal(res.statusCode, 400);
      const { fields } = res.json().error.details;
      assert.deepEqual(Object.keys(fields), ['_']);
      assert.equal(fields._, 'This registration could not be accepted');
      assert.doesNotMatch(res.body, /website/);
    });

    it('lists and exports registrations in the order they were made, across millisecond boundaries', async () => {
      const ordered = await createEvent(admin, { slug: 'ordered-live' });
      await publish(admin, ordered.id);
      // One made before ids sorted as text (22 characters of base64url) stays in time order.
      await insertRegistration(h.services.db.kysely, ordered.id, {
        id: 'AZ_legacy_id_base64url',
        name: 'r0',
        created_at: new Date(h.clock.now().getTime() - 60_000).toISOString(),
      });
      // Millisecond steps where base64url ids broke their order ('z' → '0' and '9' → '-' in the last character).
      const names: string[] = ['r0'];
      for (const residue of [51, 61, 51, 61]) {
        const ms = h.clock.now().getTime();
        h.clock.advance((residue - (ms % 64) + 64) % 64 || 64);
        for (let step = 0; step < 2; step++) {
          const name = `r${names.length}`;
          names.push(name);
          const res = await h.app.inject({
            method: 'POST',
            url: '/api/v1/public/events/ordered-live/registrations',
            payload: person({ name, email: `${name}@example.com` }),
          });
          assert.equal(res.statusCode, 201);
          h.clock.advance(1);
        }
      }
      const list = async (order: string) =>
        (
          (
            await admin.request({
              url: `/api/v1/events/${ordered.id}/registrations?sort=created_at&order=${order}&page_size=50`,
            })
          ).json().registrations as { name: string }[]
        ).map((r) => r.name);
      assert.deepEqual(await list('asc'), names);
      assert.deepEqual(await list('desc'), [...names].reverse());
      const csv = await admin.request({ url: `/api/v1/events/${ordered.id}/registrations.csv` });
      const csvNames = csv.body
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => JSON.parse(`[${line}]`)[1] as string);
      assert.deepEqual(csvNames, names);
      assert.ok((await listed('sort=created_at')).length >= 1);
    });

    it('gives the .ics a SEQUENCE that grows when the event moves, and a DTSTAMP of when it was made', async () => {
      const res = await register(person({ name: 'Cal', email: 'cal@example.com' }));
      const token = /\/j\/(.+)$/.exec(res.json().registration.join_url)![1];
      const ics = async () =>
        (await h.app.inject(`/e/${event.slug}/registered/${token}/calendar.ics`)).body.replace(/\r\n /g, '');
      const stamp = (d: Date) =>
        d
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d{3}/, '');
      const first = await ics();
      assert.match(first, /\r\nSEQUENCE:0\r\n/);
      assert.ok(first.includes(`DTSTAMP:${stamp(h.clock.now())}`));
      h.clock.advance(3_600_000);
      const retitled = await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}`,
        payload: { topic: 'Same time, new topic' },
      });
      assert.equal(retitled.statusCode, 200);
      const same = await ics();
      assert.match(same, /\r\nSEQUENCE:0\r\n/, 'no time change, no new sequence');
      assert.ok(same.includes(`DTSTAMP:${stamp(h.clock.now())}`), 'stamped when made, not when registered');
      const moved = await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}`,
        payload: { starts_at: '2030-12-11T14:00', ends_at: '2030-12-11T15:30' },
      });
      assert.equal(moved.statusCode, 200);
      const after = await ics();
      assert.match(after, /\r\nSEQUENCE:1\r\n/);
      assert.match(after, /DTSTART:20301211T060000Z/);
      assert.equal(/UID:(.+)/.exec(after)![1], /UID:(.+)/.exec(first)![1], 'the same calendar entry');
      await h.services.jobs.runDue();
      const mail = await h.services.db.kysely
        .selectFrom('mail_messages')
        .select('attachments')
        .where('to_address', '=', 'cal@example.com')
        .executeTakeFirstOrThrow();
      assert.match(mail.attachments.replace(/\\r\\n /g, ''), /SEQUENCE:1/);
    });
  });
}

describe('registration rate limit, shared by the API and the form', () => {
  it('counts both paths in one bucket per address, and answers the form with a page in its language', async () => {
    const h = await startHarness('sqlite', { REGISTRATION_RATE_LIMIT_PER_MINUTE: '4' });
    try {
      const admin = await setupAdmin(h);
      const event = await createEvent(admin, { slug: 'shared-limit', language: 'zh-CN' });
      await publish(admin, event.id);
      const viaApi = (i: number) =>
        h.app.inject({
          method: 'POST',
          url: '/api/v1/public/events/shared-limit/registrations',
          payload: person({ email: `api${i}@example.com` }),
        });
      const viaForm = (i: number) =>
        h.app.inject({
          method: 'POST',
          url: '/e/shared-limit/register',
          ...form(
            { ...person({ email: `form${i}@example.com`, consent: 'on' }) } as unknown as Record<
              string,
              string
            >,
            {
              accept: 'text/html',
            },
          ),
        });
      const codes = [
        (await viaApi(0)).statusCode,
        (await viaForm(0)).statusCode,
        (await viaApi(1)).statusCode,
        (await viaForm(1)).statusCode,
      ];
      assert.deepEqual(codes, [201, 303, 201, 303]);
      const refusedApi = await viaApi(2);
      assert.equal(refusedApi.statusCode, 429);
      assert.equal(refusedApi.json().error.code, 'RATE_LIMITED');
      const refusedForm = await viaForm(2);
      assert.equal(refusedForm.statusCode, 429);
      assert.match(refusedForm.headers['content-type'] as string, /text\/html/);
      assert.ok(Number(refusedForm.headers['retry-after']) > 0);
      assert.match(refusedForm.body, /您所在网络的请求过于频繁/);
      assert.match(refusedForm.body, /<html lang="zh-CN"/);
      const total = (await admin.request({ url: `/api/v1/events/${event.id}/registrations` })).json().total;
      assert.equal(total, 4);
    } finally {
      await h.close();
    }
  });

  it('answers a form that is too large with a page in its language, not JSON', async () => {
    const h = await startHarness('sqlite');
    try {
      const admin = await setupAdmin(h);
      const event = await createEvent(admin, { slug: 'too-large' });
      await publish(admin, event.id);
      const res = await h.app.inject({
        method: 'POST',
        url: '/e/too-large/register?lang=zh-CN',
        ...form({ ...person({ consent: 'on' }), job_title: 'x'.repeat(70 * 1024) } as unknown as Record<
          string,
          string
        >),
      });
      assert.equal(res.statusCode, 413);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.body, /您提交的内容过长/);
    } finally {
      await h.close();
    }
  });
});
