import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createEvent, publish } from '../support/fixtures.js';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { decodePngQr, decodeSvgQr } from './qr.js';

const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40';

let n = 0;
const person = (over: Record<string, string> = {}) => {
  n += 1;
  return {
    name: `访客 ${n}`,
    email: `visitor${n}@example.com`,
    phone: '+86 138 0013 8000',
    company: '示例科技',
    job_title: 'CMO',
    consent: 'on',
    ...over,
  };
};

const cookieOf = (res: LightMyRequestResponse, name: string) =>
  res.cookies.find((c) => c.name === name)?.value;

/** The hidden fields the landing page carries into its form (what a browser would submit). */
const hiddenFields = (html: string) =>
  Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
      m[1]!,
      m[2]!
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'"),
    ]),
  );

for (const dialect of dialects) {
  describe(`promotion channels (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let member: StaffClient;
    let sales: StaffClient;
    let event: { id: string; slug: string };
    let other: { id: string; slug: string };
    const base = () => `/api/v1/events/${event.id}/channels`;

    before(async () => {
      h = await startHarness(dialect);
      admin = await setupAdmin(h);
      member = await addTeammate(h, admin, 'member');
      sales = await addTeammate(h, admin, 'sales');
      event = await createEvent(admin, { slug: 'promo-live' });
      await publish(admin, event.id);
      other = await createEvent(admin, { slug: 'other-live' });
      await publish(admin, other.id);
    });
    after(async () => {
      await h?.close();
    });

    const addChannel = async (body: Record<string, unknown>, eventId = event.id) => {
      const res = await member.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/channels`,
        payload: body,
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().channel as {
        id: string;
        code: string;
        link: string;
        status: string;
        attributing: boolean;
        cost: number | null;
        owner_name: string | null;
      };
    };

    /** A phone browser following a link: `/c/<code>` then the landing page, keeping cookies. */
    const visit = async (url: string, headers: Record<string, string> = {}) => {
      const hop = await h.app.inject({ url, headers: { 'user-agent': PHONE_UA, ...headers } });
      assert.equal(hop.statusCode, 302, hop.body);
      const location = hop.headers.location as string;
      const landing = await h.app.inject({ url: location, headers: { 'user-agent': PHONE_UA, ...headers } });
      return { location, landing };
    };

    const registerThrough = async (
      landingHtml: string,
      cookie: string | undefined,
      headers: Record<string, string> = {},
    ) => {
      const fields = { ...hiddenFields(landingHtml), ...person() };
      const res = await h.app.inject({
        method: 'POST',
        url: `/e/${event.slug}/register`,
        payload: new URLSearchParams(fields).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': PHONE_UA,
          ...(cookie ? { cookie: `lc_vid=${cookie}` } : {}),
          ...headers,
        },
      });
      assert.equal(res.statusCode, 303, res.body);
      return h.services.db.kysely
        .selectFrom('registrations')
        .selectAll()
        .where('email', '=', fields.email)
        .executeTakeFirstOrThrow();
    };

    it('lets the channels group add, change, archive and restore channels; sales reads only', async () => {
      const refused = await sales.request({
        method: 'POST',
        url: base(),
        payload: { kind: 'paid', name: 'Ads' },
      });
      assert.equal(refused.statusCode, 403);
      assert.equal((await h.app.inject({ url: base() })).statusCode, 401);

      const bad = await member.request({
        method: 'POST',
        url: base(),
        payload: { kind: 'billboard', name: '', cost: 12.345, owner_id: 'nobody' },
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(Object.keys(bad.json().error.details.fields).sort(), ['cost', 'kind', 'name']);
      const noCurrency = await member.request({
        method: 'POST',
        url: base(),
        payload: { kind: 'paid', name: 'Ads', cost: 100 },
      });
      assert.equal(noCurrency.statusCode, 400);
      assert.ok(noCurrency.json().error.details.fields.currency);
      const badOwner = await member.request({
        method: 'POST',
        url: base(),
        payload: { kind: 'paid', name: 'Ads', owner_id: 'nobody' },
      });
      assert.equal(badOwner.statusCode, 400);
      assert.ok(badOwner.json().error.details.fields.owner_id);
      const before = (await admin.request({ url: base() })).json().channels.length;
      assert.equal(before, 0, 'refused input stored nothing');

      const created = await addChannel({
        kind: 'newsletter',
        name: '公众号首发 WeChat article',
        owner_id: member.userId,
        cost: 1200.5,
        currency: 'cny',
        notes: 'Pinned in the menu',
      });
      assert.match(created.code, /^[2-9a-hjkmnp-tv-z]{7}$/);
      assert.equal(created.link, `http://localhost:3000/c/${created.code}`);
      assert.equal(created.cost, 1200.5);
      assert.ok(created.owner_name);

      const owners = (await sales.request({ url: '/api/v1/promotion/owners' })).json().owners;
      assert.ok(owners.some((o: { id: string }) => o.id === member.userId));
      const listed = await sales.request({ url: base() });
      assert.equal(listed.statusCode, 200);
      assert.equal(listed.json().channels[0].currency, 'CNY');

      const patched = await member.request({
        method: 'PATCH',
        url: `${base()}/${created.id}`,
        payload: { name: 'Newsletter #1', cost: null },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json().channel.name, 'Newsletter #1');
      assert.equal(patched.json().channel.cost, null);
      assert.equal(patched.json().channel.code, created.code, 'the code never changes');

      const archived = await member.request({
        method: 'POST',
        url: `${base()}/${created.id}/archive`,
        payload: { keeps_attributing: false },
      });
      assert.equal(archived.json().channel.status, 'archived');
      assert.equal(archived.json().channel.attributing, false);
      assert.equal((await admin.request({ url: `${base()}?status=active` })).json().channels.length, 0);
      assert.equal((await admin.request({ url: `${base()}?status=archived` })).json().channels.length, 1);
      const restored = await member.request({ method: 'POST', url: `${base()}/${created.id}/restore` });
      assert.equal(restored.json().channel.status, 'active');
      assert.equal(
        (await member.request({ method: 'POST', url: `${base()}/${created.id}/restore` })).statusCode,
        409,
      );
      const elsewhere = await admin.request({ url: `/api/v1/events/${other.id}/channels/${created.id}` });
      assert.equal(elsewhere.statusCode, 404, "another event's URL does not reach this channel");
    });

    it('gives every channel its own short, non-sequential code', async () => {
      const codes = [];
      for (let i = 0; i < 12; i++)
        codes.push((await addChannel({ kind: 'community', name: `Group ${i}` }, other.id)).code);
      assert.equal(new Set(codes).size, codes.length);
      const sorted = [...codes].sort();
      assert.notDeepEqual(codes, sorted, 'codes are not handed out in order');
    });

    it('serves QR codes as SVG and print-size PNG that decode to the link', async () => {
      const channel = await addChannel({ kind: 'website', name: 'Banner' });
      const svg = await sales.request({ url: `${base()}/${channel.id}/qr.svg` });
      assert.equal(svg.statusCode, 200);
      assert.match(svg.headers['content-type'] as string, /image\/svg\+xml/);
      assert.equal(decodeSvgQr(svg.body), channel.link);
      const png = await sales.request({ url: `${base()}/${channel.id}/qr.png` });
      assert.equal(png.statusCode, 200);
      const read = decodePngQr(png.rawPayload);
      assert.equal(read.text, channel.link);
      assert.equal(read.width, 1200);
      const small = decodePngQr(
        (await sales.request({ url: `${base()}/${channel.id}/qr.png?size=300` })).rawPayload,
      );
      assert.equal(small.width, 300);
      assert.equal(small.text, channel.link);
      assert.equal(
        (await sales.request({ url: `${base()}/${channel.id}/qr.png?size=99999` })).statusCode,
        400,
      );
    });

    it('redirects /c/<code> to the landing page with UTM, and never anywhere else', async () => {
      const channel = await addChannel({ kind: 'kol', name: 'Dr. Li' });
      const hop = await h.app.inject(`/c/${channel.code}?utm_content=video&next=https://evil.example`);
      assert.equal(hop.statusCode, 302);
      const target = new URL(hop.headers.location as string, 'http://localhost:3000');
      assert.equal(target.origin, 'http://localhost:3000');
      assert.equal(target.pathname, `/e/${event.slug}`);
      assert.equal(target.searchParams.get('channel'), channel.code);
      assert.equal(target.searchParams.get('utm_source'), 'dr-li');
      assert.equal(target.searchParams.get('utm_medium'), 'influencer');
      assert.equal(target.searchParams.get('utm_campaign'), event.slug);
      assert.equal(target.searchParams.get('utm_content'), 'video');
      assert.equal(target.searchParams.get('next'), null);
      const kept = new URL(
        (await h.app.inject(`/c/${channel.code}?utm_source=newsletter&utm_medium=email`)).headers
          .location as string,
        'http://x',
      );
      assert.equal(kept.searchParams.get('utm_source'), 'newsletter');
      assert.equal(kept.searchParams.get('utm_medium'), 'email');

      for (const url of [
        '/c/zzzzzzz',
        '/c/..%2F..%2Fadmin',
        '/c/%2F%2Fevil.example',
        '/c/https:%2F%2Fevil.example',
        '/c/abc?x=%00',
        `/c/${channel.code.toUpperCase()}`,
      ]) {
        const res = await h.app.inject(url);
        assert.equal(res.statusCode, 302, `${url}: ${res.body}`);
        assert.equal(res.headers.location, '/', url);
      }
    });

    it('sends archived channels to the event, attributing only when the team chose so', async () => {
      const keep = await addChannel({ kind: 'partner', name: 'Partner keeps' });
      const stop = await addChannel({ kind: 'paid', name: 'Paid stops' });
      await member.request({
        method: 'POST',
        url: `${base()}/${keep.id}/archive`,
        payload: { keeps_attributing: true },
      });
      await member.request({
        method: 'POST',
        url: `${base()}/${stop.id}/archive`,
        payload: { keeps_attributing: false },
      });
      const kept = new URL((await h.app.inject(`/c/${keep.code}`)).headers.location as string, 'http://x');
      assert.equal(kept.searchParams.get('channel'), keep.code);
      const stopped = await h.app.inject(`/c/${stop.code}?utm_source=old-mail`);
      assert.equal(stopped.statusCode, 302);
      const to = new URL(stopped.headers.location as string, 'http://x');
      assert.equal(to.pathname, `/e/${event.slug}`);
      assert.equal(to.searchParams.get('channel'), null);
      assert.equal(to.searchParams.get('utm_source'), 'old-mail');
      // Someone who types the stopped code into the landing URL by hand is not credited either.
      const { landing } = await visit(`/c/${stop.code}`);
      const reg = await registerThrough(landing.body, cookieOf(landing, 'lc_vid'));
      assert.equal(reg.channel, null);
    });

    it('credits the first channel a visitor came through, and counts views and unique visitors', async () => {
      const first = await addChannel({ kind: 'community', name: 'Community A', cost: 300, currency: 'CNY' });
      const second = await addChannel({ kind: 'sales_outreach', name: 'Sales B' });

      const a = await visit(`/c/${first.code}`);
      const visitor = cookieOf(a.landing, 'lc_vid');
      assert.ok(visitor, 'a new browser gets a visitor id');
      assert.match(a.landing.headers['set-cookie'] as string, /HttpOnly/i);
      await visit(`/c/${first.code}`, { cookie: `lc_vid=${visitor}` });
      // Later the same browser comes back through another channel and registers.
      h.clock.advance(60_000);
      const b = await visit(`/c/${second.code}`, { cookie: `lc_vid=${visitor}` });
      assert.equal(cookieOf(b.landing, 'lc_vid'), undefined, 'a known visitor keeps the id it has');
      const reg = await registerThrough(b.landing.body, visitor);
      assert.equal(reg.channel, first.id, 'first touch wins');
      assert.equal(reg.visitor_id, visitor);
      assert.ok(reg.first_touch_at && reg.first_touch_at < reg.created_at);
      assert.equal(JSON.parse(reg.utm!).utm_source, 'community-a');

      // A second browser through the second channel only.
      const c = await visit(`/c/${second.code}`);
      const reg2 = await registerThrough(c.landing.body, cookieOf(c.landing, 'lc_vid'));
      assert.equal(reg2.channel, second.id);

      const bySource = (channel: string) =>
        sales.request({ url: `/api/v1/events/${event.id}/registrations?channel=${channel}` });
      const fromFirst = (await bySource(first.id)).json();
      assert.equal(fromFirst.total, 1);
      assert.equal(fromFirst.registrations[0].email, reg.email);
      assert.equal(fromFirst.registrations[0].channel, first.id);
      // The team reads the channel by the name it gave it, in the list and in the CSV.
      assert.equal(fromFirst.registrations[0].channel_name, 'Community A');
      const registrationsCsv = await sales.request({ url: `/api/v1/events/${event.id}/registrations.csv` });
      assert.ok(registrationsCsv.body.includes(`"${first.id}","Community A"`));
      assert.ok(
        (await bySource('none'))
          .json()
          .registrations.every((r: { channel: string | null }) => r.channel === null),
      );
      const report = (await sales.request({ url: `${base()}/report` })).json();
      const rowOf = (id: string) => report.rows.find((r: { channel_id: string }) => r.channel_id === id);
      assert.equal(rowOf(first.id).views, 2);
      assert.equal(rowOf(first.id).unique_visitors, 1);
      assert.equal(rowOf(first.id).registrations, 1);
      assert.equal(rowOf(first.id).registration_rate, 0.5);
      assert.equal(rowOf(first.id).cost_per_registration, 300);
      assert.equal(rowOf(second.id).views, 2);
      assert.equal(rowOf(second.id).unique_visitors, 2);
      assert.equal(rowOf(second.id).registrations, 1);
    });

    it('extends the channel report with leads, MQLs, opportunities, revenue and cost per lead, as the dashboard counts them', async () => {
      const own = await createEvent(admin, { slug: 'promo-leads' });
      await publish(admin, own.id);
      const channel = await addChannel(
        { kind: 'paid', name: 'Leads ads', cost: 1000, currency: 'CNY' },
        own.id,
      );
      const regs = [];
      for (let i = 0; i < 3; i++) {
        const res = await h.app.inject({
          method: 'POST',
          url: `/api/v1/public/events/${own.slug}/registrations`,
          payload: { ...person(), channel: channel.code },
        });
        assert.equal(res.statusCode, 201, res.body);
        regs.push(res.json().registration as { id: string });
      }
      const db = h.services.db.kysely;
      const rows = await db
        .selectFrom('registrations')
        .select(['id', 'contact_id'])
        .where('event_id', '=', own.id)
        .orderBy('id')
        .execute();
      // Two watch; one of them becomes an MQL, an opportunity of 5,000 and a 4,000 deal after
      // watching; the third reached MQL without watching (not one of the event's leads).
      await db
        .insertInto('room_attendance')
        .values(
          rows.slice(0, 2).map((r, i) => ({
            id: `att_${r.id}`,
            event_id: own.id,
            viewer_id: r.id,
            registration_id: r.id,
            display_name: 'Viewer',
            device: 'phone' as const,
            joined_at: `2026-01-0${i + 1}T00:00:00.000Z`,
            left_at: null,
            live_seconds: 600,
            replay_seconds: 0,
            client_key: null,
          })),
        )
        .execute();
      const move = (
        contact: string,
        n: number,
        to: 'mql' | 'accepted' | 'opportunity' | 'won',
        amount: number | null,
      ) => ({
        id: `hist_${contact}_${n}`,
        contact_id: contact,
        from_stage: null,
        to_stage: to,
        amount,
        currency: amount === null ? null : 'CNY',
        reason: null,
        actor_type: 'system' as const,
        actor_id: null,
        at: `2026-02-0${n}T00:00:00.000Z`,
      });
      const [a, , c] = rows.map((r) => r.contact_id);
      await db
        .insertInto('lead_stage_history')
        .values([
          move(a!, 1, 'mql', null),
          move(a!, 2, 'accepted', null),
          move(a!, 3, 'opportunity', 5000),
          move(a!, 4, 'won', 4000),
          move(c!, 1, 'mql', null),
        ])
        .execute();
      const report = (await sales.request({ url: `/api/v1/events/${own.id}/channels/report` })).json();
      const row = report.rows.find((r: { channel_id: string }) => r.channel_id === channel.id);
      assert.deepEqual(
        [row.registrations, row.attendees, row.leads, row.mqls, row.opportunities, row.revenue],
        [3, 2, 2, 1, 1, 4000],
      );
      assert.deepEqual([row.cost_per_attendee, row.cost_per_lead, row.cost_per_mql], [500, 500, 1000]);
      const dashboard = (await sales.request({ url: `/api/v1/events/${own.id}/analytics/dashboard` })).json();
      const same = dashboard.channels.find((r: { channel: string }) => r.channel === channel.id);
      assert.deepEqual(
        [same.leads, same.mqls, same.opportunities, same.won_amount],
        [row.leads, row.mqls, row.opportunities, row.revenue],
      );
      const csv = await sales.request({ url: `/api/v1/events/${own.id}/channels/report.csv` });
      assert.ok(csv.body.includes('"leads","mqls","opportunities","revenue"'));
    });

    it('counts a view but sets no visitor id under Do Not Track or GPC; the link still credits the channel', async () => {
      const channel = await addChannel({ kind: 'in_product', name: 'In-app banner' });
      for (const header of [{ dnt: '1' }, { 'sec-gpc': '1' }] as Record<string, string>[]) {
        const { landing } = await visit(`/c/${channel.code}`, header);
        assert.equal(landing.statusCode, 200);
        assert.equal(cookieOf(landing, 'lc_vid'), undefined);
        const reg = await registerThrough(landing.body, undefined, header);
        assert.equal(reg.channel, channel.id);
        assert.equal(reg.visitor_id, null);
      }
      const row = (await sales.request({ url: `${base()}/report` }))
        .json()
        .rows.find((r: { channel_id: string }) => r.channel_id === channel.id);
      assert.equal(row.views, 2);
      assert.equal(row.unique_visitors, 0);
      assert.equal(row.registrations, 2);
    });

    it('does not credit a code of another event, nor count link previews', async () => {
      const foreign = await addChannel({ kind: 'website', name: 'Other site' }, other.id);
      const landing = await h.app.inject({
        url: `/e/${event.slug}?channel=${foreign.code}`,
        headers: { 'user-agent': PHONE_UA },
      });
      const reg = await registerThrough(landing.body, cookieOf(landing, 'lc_vid'));
      assert.equal(reg.channel, null);
      const api = await h.app.inject({
        method: 'POST',
        url: `/api/v1/public/events/${event.slug}/registrations`,
        payload: { ...person(), channel: foreign.code },
      });
      assert.equal(api.statusCode, 201);
      const before = (await sales.request({ url: `/api/v1/events/${other.id}/channels/report` })).json()
        .totals.views;
      await h.app.inject({ url: `/c/${foreign.code}`, headers: { 'user-agent': 'facebookexternalhit/1.1' } });
      await h.app.inject({
        url: `/e/${other.slug}?channel=${foreign.code}`,
        headers: { 'user-agent': 'TelegramBot (like TwitterBot)' },
      });
      const afterViews = (await sales.request({ url: `/api/v1/events/${other.id}/channels/report` })).json()
        .totals.views;
      assert.equal(afterViews, before);
    });

    it('attributes registrations through the JSON API by channel code', async () => {
      const channel = await addChannel({ kind: 'partner', name: 'API partner' });
      const res = await h.app.inject({
        method: 'POST',
        url: `/api/v1/public/events/${event.slug}/registrations`,
        payload: { ...person(), channel: channel.code, utm_source: 'crm' },
      });
      assert.equal(res.statusCode, 201, res.body);
      const reg = await h.services.db.kysely
        .selectFrom('registrations')
        .selectAll()
        .where('id', '=', res.json().registration.id)
        .executeTakeFirstOrThrow();
      assert.equal(reg.channel, channel.id);
      assert.deepEqual(JSON.parse(reg.utm!), { utm_source: 'crm' });
    });

    it('keeps overlong UTM values cut and escaped everywhere they are shown', async () => {
      const channel = await addChannel({ kind: 'paid', name: 'Ads XSS' });
      const evil = `<script>alert(1)</script>"'&${'x'.repeat(300)}`;
      const { landing } = await visit(`/c/${channel.code}?utm_campaign=${encodeURIComponent(evil)}`);
      assert.equal(landing.statusCode, 200);
      assert.ok(!landing.body.includes('<script>alert(1)'), 'the landing page escapes it');
      const reg = await registerThrough(landing.body, cookieOf(landing, 'lc_vid'));
      const stored = JSON.parse(reg.utm!).utm_campaign as string;
      assert.equal(stored.length, 120);
      assert.ok(stored.startsWith('<script>alert(1)</script>'));
      const csv = await admin.request({ url: `/api/v1/events/${event.id}/registrations.csv` });
      assert.equal(csv.statusCode, 200);
      const reportCsv = await sales.request({ url: `${base()}/report.csv` });
      assert.equal(reportCsv.statusCode, 200);
      assert.match(reportCsv.headers['content-type'] as string, /text\/csv/);
      assert.ok(reportCsv.body.startsWith('\uFEFF"channel_id","code","name"'));
      assert.ok(reportCsv.body.includes('"Ads XSS"'));
    });

    it('keeps the link working after the event', async () => {
      const channel = await addChannel({ kind: 'website', name: 'Replay banner' });
      for (const to of ['live', 'ended', 'on_demand']) {
        const res = await admin.request({
          method: 'POST',
          url: `/api/v1/events/${event.id}/status`,
          payload: { to },
        });
        assert.equal(res.statusCode, 200, `${to}: ${res.body}`);
      }
      const { location, landing } = await visit(`/c/${channel.code}`);
      assert.ok(location.startsWith(`/e/${event.slug}?channel=${channel.code}`));
      assert.equal(landing.statusCode, 200);
    });

    it('gives analytics the landing views, per channel', async () => {
      const d = (await sales.request({ url: `/api/v1/events/${event.id}/analytics/dashboard` })).json();
      const report = (await sales.request({ url: `${base()}/report` })).json();
      assert.equal(d.sources.visits.available, true);
      const visits = d.funnel.find((s: { step: string }) => s.step === 'visits');
      assert.equal(visits.count, report.totals.views);
      assert.ok(visits.count > 0);
      for (const row of report.rows.filter(
        (r: { registrations: number; channel_id: string | null }) => r.registrations > 0 && r.channel_id,
      )) {
        const c = d.channels.find((x: { channel: string }) => x.channel === row.channel_id);
        assert.equal(c.visits, row.views, row.name);
        assert.equal(c.channel_name, row.name, 'the dashboard names the channel');
      }
      const fresh = await createEvent(admin, { slug: 'no-views-yet' });
      const none = (await sales.request({ url: `/api/v1/events/${fresh.id}/analytics/dashboard` })).json();
      assert.equal(none.sources.visits.available, false, 'no recorded view is said, not shown as 0');
    });
  });
}
