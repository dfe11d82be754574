import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEvent, multipartFile, publish } from '../support/fixtures.js';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { startReceiver } from '../webhooks/receiver.js';
import { ok, register, settle } from './support.js';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const urlencoded = (pairs: [string, string][]) => ({
  payload: new URLSearchParams(pairs).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

for (const dialect of dialects) {
  describe(`offers: links and files, gated by a short form, on the pages, downloads recorded once (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let admin: StaffClient;
    let sales: StaffClient;
    let rx: Awaited<ReturnType<typeof startReceiver>>;
    let event: { id: string; slug: string };
    let person: { id: string; contact_id: string };
    let token: string;
    const offer: Record<string, { id: string }> = {};

    before(async () => {
      h = await startHarness(dialect, { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
      admin = await setupAdmin(h);
      sales = await addTeammate(h, admin, 'sales', 'sally@example.com');
      rx = await startReceiver();
      const sub = await admin.request({
        method: 'POST',
        url: '/api/v1/webhooks/subscriptions',
        payload: { url: rx.url, event_types: ['offer.downloaded'] },
      });
      rx.setSecret(sub.json().subscription.secret);
      event = await createEvent(admin, { slug: 'offers-event' });
      await publish(admin, event.id);
      person = await register(h, event.slug, {
        name: 'Lin Lei',
        email: 'lin@acme.example',
        company: 'Acme',
        job_title: 'Director of IT',
      });
      const row = await h.services.db.kysely
        .selectFrom('registrations')
        .select('join_token')
        .where('id', '=', person.id)
        .executeTakeFirstOrThrow();
      token = row.join_token;
      await settle(h);
    });
    after(async () => {
      await rx.close();
      await h.close();
    });

    const create = (payload: object) =>
      admin.request({ method: 'POST', url: `/api/v1/events/${event.id}/offers`, payload });

    it('refuses bad offers field by field and changes nothing; only the team may add them', async () => {
      const res = await create({
        title: '',
        url: 'javascript:alert(1)',
        gated: true,
        gate: [{ type: 'company' }, { type: 'company' }, { type: 'email' }],
      });
      assert.equal(res.statusCode, 400);
      const fields = res.json().error.details.fields;
      assert.ok(fields.title);
      assert.ok(fields.url);
      assert.ok(fields['gate.2.type']);
      const twice = await create({
        title: 'Twice',
        url: 'https://example.com/x.pdf',
        gate: [{ type: 'company' }, { type: 'company' }],
      });
      assert.equal(twice.statusCode, 400);
      assert.equal(twice.json().error.details.fields['gate.1.type'], 'This field is already asked');
      // Addresses that start like a link but do not parse as one (the fuzzer found these).
      for (const url of [
        'https://',
        'http://231.&^W',
        'https://]yp',
        'http://?K(pMZ1^N',
        'https://user:pw@example.com/x',
      ]) {
        const bad = await create({ title: 'Broken link', url });
        assert.equal(bad.statusCode, 400, url);
        assert.equal(bad.json().error.details.fields.url, 'Enter a full http:// or https:// address', url);
      }
      const bySales = await sales.request({
        method: 'POST',
        url: `/api/v1/events/${event.id}/offers`,
        payload: { title: 'Sneaky', url: 'https://example.com/x.pdf' },
      });
      assert.equal(bySales.statusCode, 403);
      const list = await ok(admin, { url: `/api/v1/events/${event.id}/offers` });
      assert.deepEqual(list.offers, []);
    });

    it('adds a link offer and a gated file offer; a file that is not a document is refused', async () => {
      const link = await create({
        title: 'Slides',
        description: 'The deck from the talk',
        url: 'https://example.com/slides.pdf',
        on_pages: true,
      });
      assert.equal(link.statusCode, 201, link.body);
      assert.equal(link.json().offer.kind, 'link');
      offer.link = link.json().offer;
      const gated = await create({
        title: 'Case study: 制造',
        cta_label: 'Get the case study',
        gated: true,
        gate: [
          { type: 'company', required: true },
          { type: 'industry', required: true },
          { type: 'phone', required: false },
        ],
        on_pages: true,
      });
      assert.equal(gated.statusCode, 201, gated.body);
      offer.file = gated.json().offer;
      const refused = await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${event.id}/offers/${offer.file!.id}/file`,
        ...multipartFile(Buffer.from('<html><script>x</script>'), 'x.pdf', 'application/pdf'),
      });
      assert.equal(refused.statusCode, 415);
      const up = await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${event.id}/offers/${offer.file!.id}/file`,
        ...multipartFile(PDF, 'case.pdf', 'application/pdf'),
      });
      assert.equal(up.statusCode, 200, up.body);
      const view = up.json().offer;
      assert.equal(view.kind, 'file');
      assert.equal(view.file.mime, 'application/pdf');
      assert.equal(view.url, null);
      // The document is never public under /files.
      assert.equal((await h.app.inject({ url: `/files/${view.file.id}` })).statusCode, 404);
      const draft = await create({ title: 'Not on the pages', url: 'https://example.com/d.pdf' });
      offer.draft = draft.json().offer;
    });

    it('shows the flagged offers on the confirmation page through the registration’s own links', async () => {
      const page = await h.app.inject({ url: `/e/${event.slug}/registered/${token}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`href="/o/${token}/${offer.link!.id}"`));
      assert.match(page.body, new RegExp(`href="/o/${token}/${offer.file!.id}"`));
      assert.doesNotMatch(page.body, /Not on the pages/);
      assert.doesNotMatch(page.body, /example\.com\/slides\.pdf/, 'the link is handed out only when taken');
    });

    it('records a link download once per contact and offer, counting repeats, and publishes offer.downloaded once', async () => {
      for (let i = 0; i < 2; i++) {
        const res = await h.app.inject({ url: `/o/${token}/${offer.link!.id}` });
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, 'https://example.com/slides.pdf');
      }
      const rows = await h.services.db.kysely.selectFrom('offer_downloads').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.count, 2);
      await h.services.jobs.runDue();
      assert.equal(rx.received.length, 1);
      const body = rx.received[0]!.verified;
      assert.ok(!(body instanceof Error), String(body));
      assert.equal(body.type, 'offer.downloaded');
      assert.equal(body.data.contact_id, person.contact_id);
      assert.equal(body.data.offer_id, offer.link!.id);
    });

    it('asks a gated offer’s short form for what is not known yet, refuses bad answers, then hands out the file', async () => {
      const ask = await h.app.inject({ url: `/o/${token}/${offer.file!.id}` });
      assert.equal(ask.statusCode, 200);
      assert.equal(ask.headers['cache-control'], 'private, no-store');
      assert.match(ask.body, /name="industry"/);
      assert.doesNotMatch(ask.body, /name="company"/, 'the company is known from the registration');
      assert.doesNotMatch(ask.body, /name="phone"/, 'and so is the phone');
      const bad = await h.app.inject({
        method: 'POST',
        url: `/o/${token}/${offer.file!.id}`,
        ...urlencoded([['industry', 'spaceships']]),
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="e-industry"/);
      assert.equal(
        (await h.services.db.kysely.selectFrom('offer_downloads').selectAll().execute()).length,
        1,
        'nothing recorded for refused answers',
      );
      const good = await h.app.inject({
        method: 'POST',
        url: `/o/${token}/${offer.file!.id}`,
        ...urlencoded([['industry', 'manufacturing']]),
      });
      assert.equal(good.statusCode, 200);
      assert.equal(good.headers['content-type'], 'application/pdf');
      assert.match(
        String(good.headers['content-disposition']),
        /^attachment; filename="Case study __\.pdf"; filename\*=UTF-8''Case%20study%20%E5%88%B6%E9%80%A0\.pdf$/,
      );
      assert.deepEqual(good.rawPayload, PDF);
      // Passed once: the next time it downloads at once.
      const again = await h.app.inject({ url: `/o/${token}/${offer.file!.id}` });
      assert.equal(again.headers['content-type'], 'application/pdf');
      const profile = await h.services.db.kysely
        .selectFrom('lead_profiles')
        .selectAll()
        .where('contact_id', '=', person.contact_id)
        .executeTakeFirstOrThrow();
      assert.equal(profile.industry, 'manufacturing');
      const answers = await ok(admin, {
        url: `/api/v1/events/${event.id}/registrations/${person.id}/answers`,
      });
      assert.ok(
        answers.answers.some(
          (a: { key: string; value: unknown }) => a.key === 'industry' && a.value === 'manufacturing',
        ),
      );
    });

    it('leads nowhere for an unknown token, a draft not on the pages, or another event’s offer', async () => {
      assert.equal((await h.app.inject({ url: `/o/not-a-token/${offer.link!.id}` })).statusCode, 404);
      assert.equal((await h.app.inject({ url: `/o/${token}/${offer.draft!.id}` })).statusCode, 404);
      const other = await createEvent(admin, { slug: 'other-event' });
      const foreign = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${other.id}/offers`,
        payload: { title: 'Other', url: 'https://example.com/o.pdf', on_pages: true },
      });
      assert.equal((await h.app.inject({ url: `/o/${token}/${foreign.json().offer.id}` })).statusCode, 404);
    });

    it('feeds lead scoring (offers taken, not repeats) and lists downloads for the team', async () => {
      await settle(h);
      const lead = await ok(admin, { url: `/api/v1/leads/${person.contact_id}` });
      assert.ok(
        lead.lead.breakdown.some((l: { text: string }) => l.text === '+30 downloaded 2 offers'),
        JSON.stringify(lead.lead.breakdown),
      );
      const downloads = await ok(sales, { url: `/api/v1/events/${event.id}/offers/downloads` });
      assert.deepEqual(
        downloads.downloads
          .map((d: { offer_title: string; count: number; email: string }) => [
            d.offer_title,
            d.count,
            d.email,
          ])
          .sort(),
        [
          ['Case study: 制造', 2, 'lin@acme.example'],
          ['Slides', 2, 'lin@acme.example'],
        ],
      );
      const list = await ok(admin, { url: `/api/v1/events/${event.id}/offers` });
      const file = list.offers.find((o: { id: string }) => o.id === offer.file!.id);
      assert.deepEqual(file.downloads, { contacts: 1, total: 2 });
    });

    it('shows the flagged offers on the replay page', async () => {
      for (const to of ['live', 'ended'])
        await ok(admin, { method: 'POST', url: `/api/v1/events/${event.id}/status`, payload: { to } });
      const replay = await h.app.inject({ url: `/j/${token}` });
      assert.equal(replay.statusCode, 200);
      assert.match(replay.body, new RegExp(`/o/${token}/${offer.file!.id}`));
    });
  });
}
