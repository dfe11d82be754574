import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
import { startReceiver } from '../webhooks/receiver.js';
import { ok, register, roomFacts, settle } from './support.js';

const urlencoded = (pairs: [string, string][]) => ({
  payload: new URLSearchParams(pairs).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

for (const dialect of dialects) {
  describe(`leads: lead.mql and lead.stage_changed webhooks, form answers as fit facts (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let admin: StaffClient;
    let rx: Awaited<ReturnType<typeof startReceiver>>;
    let event: { id: string; slug: string };

    before(async () => {
      h = await startHarness(dialect, { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
      admin = await setupAdmin(h);
      await addTeammate(h, admin, 'sales', 'sally@example.com');
      rx = await startReceiver();
      const res = await admin.request({
        method: 'POST',
        url: '/api/v1/webhooks/subscriptions',
        payload: { url: rx.url, event_types: ['lead.mql', 'lead.stage_changed'] },
      });
      assert.equal(res.statusCode, 201, res.body);
      rx.setSecret(res.json().subscription.secret);
      event = await createEvent(admin, { slug: 'lead-hooks' });
      await publish(admin, event.id);
    });
    after(async () => {
      await rx.close();
      await h.close();
    });

    const bodies = () =>
      rx.received.map((r) => {
        assert.ok(!(r.verified instanceof Error), String(r.verified));
        return r.verified as Exclude<typeof r.verified, Error>;
      });

    it('publishes lead.stage_changed and lead.mql once when scoring crosses the threshold, then each sales move', async () => {
      const vp = await register(h, event.slug, {
        name: 'Vera VP',
        email: 'vera@acme.example',
        company: 'Acme',
        job_title: 'VP of Marketing',
      });
      await roomFacts(h, event.id, vp.id, {
        liveSeconds: 47 * 60,
        interactions: ['question', 'question', 'offer_download', 'poll_answer', 'checkin'],
      });
      await settle(h);
      await h.services.jobs.runDue();
      // Scoring the same facts again moves nothing and publishes nothing.
      h.services.leads.noteFact(vp.id);
      await settle(h);
      await h.services.jobs.runDue();
      // Deliveries run side by side: their order is not the order of publishing.
      const first = bodies().sort((a, b) => b.type.localeCompare(a.type));
      assert.deepEqual(
        first.map((b) => b.type),
        ['lead.stage_changed', 'lead.mql'],
      );
      const [changed, mql] = first as [(typeof first)[0], (typeof first)[0]];
      assert.equal(changed.data.contact_id, vp.contact_id);
      assert.equal(changed.data.from, 'new');
      assert.equal(changed.data.to, 'mql');
      assert.deepEqual(changed.data.changed_by, { type: 'system', id: null });
      assert.equal(mql.data.email, 'vera@acme.example');
      assert.equal(mql.data.company, 'Acme');
      assert.equal(mql.data.stage, 'mql');
      assert.ok((mql.data.score as number) >= 50);
      assert.ok((mql.data.breakdown as string[]).includes('+10 VP title'));
      assert.deepEqual(mql.data.mql_facts, mql.data.breakdown);

      await ok(admin, {
        method: 'POST',
        url: `/api/v1/leads/${vp.contact_id}/stage`,
        payload: { to: 'accepted' },
      });
      await ok(admin, {
        method: 'POST',
        url: `/api/v1/leads/${vp.contact_id}/stage`,
        payload: { to: 'opportunity', amount: 120000, currency: 'CNY' },
      });
      await h.services.jobs.runDue();
      const moves = bodies()
        .slice(2)
        .sort(
          (a, b) =>
            String(a.data.changed_at).localeCompare(String(b.data.changed_at)) ||
            (a.data.from === 'mql' ? -1 : 1),
        );
      assert.deepEqual(
        moves.map((b) => [b.type, b.data.from, b.data.to]),
        [
          ['lead.stage_changed', 'mql', 'accepted'],
          ['lead.stage_changed', 'accepted', 'opportunity'],
        ],
      );
      assert.equal(moves[1]!.data.amount, 120000);
      assert.equal(moves[1]!.data.currency, 'CNY');
      assert.equal((moves[1]!.data.changed_by as { type: string }).type, 'user');
    });

    it('a refused move publishes nothing', async () => {
      const before = rx.received.length;
      const vp = await h.services.db.kysely
        .selectFrom('contacts')
        .select('id')
        .where('email', '=', 'vera@acme.example')
        .executeTakeFirstOrThrow();
      const res = await admin.request({
        method: 'POST',
        url: `/api/v1/leads/${vp.id}/stage`,
        payload: { to: 'won' },
      });
      assert.equal(res.statusCode, 400);
      await h.services.jobs.runDue();
      assert.equal(rx.received.length, before);
    });

    it('turns the form answers (industry, size, timeline, budget, country) into the lead profile fit scoring reads', async () => {
      const form = await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${event.id}/form`,
        payload: {
          fields: [
            { key: 'name', type: 'name', required: true },
            { key: 'email', type: 'email', required: true },
            { key: 'company', type: 'company', required: true },
            { key: 'job_title', type: 'job_title', required: false },
            { key: 'industry', type: 'industry', required: true },
            { key: 'company_size', type: 'company_size', required: true },
            { key: 'purchase_timeline', type: 'purchase_timeline', required: true },
            { key: 'budget', type: 'budget', required: false },
            { key: 'country', type: 'country', required: false },
          ],
        },
      });
      assert.equal(form.statusCode, 200, form.body);
      const rules = await admin.request({
        method: 'PUT',
        url: '/api/v1/leads/rules',
        payload: {
          mql_threshold: 60,
          engagement_full: 40,
          rules: [
            { fact: 'industry', in: ['manufacturing'], points: 20, label: 'manufacturer' },
            { fact: 'company_size', in: ['1000-4999', '5000+'], points: 15, label: 'enterprise' },
            { fact: 'purchase_timeline', in: ['now'], points: 20, label: 'buying this quarter' },
            { fact: 'budget', in: ['500k-1m', '>1m'], points: 10, label: 'budget over ¥500k' },
            { fact: 'region', in: ['CN'], points: 5, label: 'in China' },
            { fact: 'registered', at_least: 1, points: 1 },
          ],
        },
      });
      assert.equal(rules.statusCode, 200, rules.body);
      await h.services.jobs.runDue();
      const res = await h.app.inject({
        method: 'POST',
        url: '/e/lead-hooks/register',
        ...urlencoded([
          ['name', '张工'],
          ['email', 'zhang@factory.example'],
          ['company', '东方制造'],
          ['job_title', '采购经理'],
          ['industry', 'manufacturing'],
          ['company_size', '1000-4999'],
          ['purchase_timeline', 'now'],
          ['budget', '500k-1m'],
          ['country', 'CN'],
          ['consent', 'on'],
        ]),
      });
      assert.equal(res.statusCode, 303, res.body);
      await settle(h);
      const contact = await h.services.db.kysely
        .selectFrom('contacts')
        .select('id')
        .where('email', '=', 'zhang@factory.example')
        .executeTakeFirstOrThrow();
      const lead = await ok(admin, { url: `/api/v1/leads/${contact.id}` });
      assert.deepEqual(
        lead.lead.breakdown.map((l: { text: string }) => l.text),
        [
          '+20 manufacturer',
          '+15 enterprise',
          '+20 buying this quarter',
          '+10 budget over ¥500k',
          '+5 in China',
          '+1 registered for 1 event',
        ],
      );
      assert.equal(lead.lead.score, 71);
      assert.equal(lead.lead.stage, 'mql');
      assert.equal(lead.profile.region, 'CN');
      await h.services.jobs.runDue();
      const mql = bodies().find((b) => b.type === 'lead.mql' && b.data.contact_id === contact.id);
      assert.equal(mql?.data.industry, 'manufacturing');
      assert.equal(mql?.data.purchase_timeline, 'now');
    });
  });
}
