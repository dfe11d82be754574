import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { computeRollup, createRollups, type Rollups } from '../../src/analytics/review/rollups.js';
import { weeklyReview } from '../../src/analytics/review/weekly.js';
import { leadHistorySource } from '../../src/analytics/sources/lead-history.js';
import type { LeadsSource } from '../../src/analytics/sources/leads.js';
import type { Database } from '../../src/db/schema.js';
import { dialects, type Harness, skipReason, startHarness } from '../support/harness.js';
import { NOW, registration, seedScenario, session } from './scenario.js';

// The weekly review reads per-event rollups kept current by triggers and the refresher
// (migration 0720, src/analytics/review/rollups.ts). Each change of facts below must show in
// the review at once (the changed event is computed afresh), leave the review equal to the
// direct computation over every event's facts, and leave the stored rollup equal to the facts
// once refreshed.
for (const dialect of dialects) {
  describe(`weekly review rollups (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let db: Kysely<Database>;
    let leads: LeadsSource;
    let rollups: Rollups;
    let mainId: string;
    let oldId: string;

    before(async () => {
      h = await startHarness(dialect);
      h.clock.advance(Date.parse(NOW) - h.clock.now().getTime());
      db = h.services.db.kysely;
      const seeded = await seedScenario(db);
      mainId = seeded.main.id;
      oldId = (
        await db
          .selectFrom('events')
          .select('id')
          .where('slug', '=', 'analytics-old')
          .executeTakeFirstOrThrow()
      ).id;
      leads = leadHistorySource(db);
      rollups = createRollups({ db, dialect, leads, clock: h.clock });
    });
    after(() => h.close());

    const served = () => weeklyReview(db, leads, h.clock.now());
    const direct = () => weeklyReview(db, leads, h.clock.now(), { fromFacts: true });
    const listed = async () =>
      (await db.selectFrom('analytics_changes').select('event_id').execute()).map((r) => r.event_id);
    const row = async (id: string) => (await served()).events.find((e) => e.event.id === id)!;
    const stored = (id: string) =>
      db
        .selectFrom('analytics_event_rollups')
        .selectAll()
        .where('event_id', '=', id)
        .executeTakeFirstOrThrow();

    /** After a change: the event is listed, the review is exact, and a refresh stores the facts. */
    async function settles(eventId: string) {
      assert.ok((await listed()).includes(eventId), 'the change lists its event');
      assert.deepEqual(await served(), await direct());
      await rollups.refreshAll();
      assert.deepEqual(await listed(), []);
      const s = await stored(eventId);
      const fresh = await computeRollup(db, leads, eventId);
      assert.deepEqual(
        {
          registrations: s.registrations,
          attendees: s.attendees,
          attendees_live: s.attendees_live,
          attendees_replay: s.attendees_replay,
          influence: JSON.parse(s.influence!),
        },
        fresh,
      );
      assert.deepEqual(await served(), await direct());
    }

    it('builds every event from the facts on the first refresh, and the review then reads the stored rows', async () => {
      // The scenario's rows were written through the triggers: every event is listed.
      assert.ok((await listed()).includes(mainId));
      const before = await served();
      await rollups.refreshAll();
      assert.deepEqual(await listed(), []);
      assert.deepEqual(await served(), before);
      assert.deepEqual(await served(), await direct());
      const main = before.events.find((e) => e.event.id === mainId)!;
      assert.equal(main.registrations, 1000);
      assert.equal(main.mqls, 60);
      // The stored row is what the review reads: a tampered row shows (nothing recounts it)…
      await db
        .updateTable('analytics_event_rollups')
        .set({ registrations: 5 })
        .where('event_id', '=', mainId)
        .execute();
      assert.equal((await row(mainId)).registrations, 5);
      // …until a fact of that event changes, when the event is computed afresh.
      await db.updateTable('registrations').set({ status: 'revoked' }).where('id', '=', 'r_m999').execute();
      assert.equal((await row(mainId)).registrations, 999);
      await settles(mainId);
    });

    it('follows a registration, a first watch, a stage move, an erasure and a watch-time flush', async () => {
      // A registration this week.
      const r = registration(oldId, 'new1', { created_at: '2026-12-19T10:00:00.000Z' });
      await db.insertInto('contacts').values(r.contact).execute();
      await db.insertInto('registrations').values(r.registration).execute();
      assert.equal((await row(oldId)).registrations, 12);
      assert.equal((await row(oldId)).registrations_this_week, 2);
      await settles(oldId);

      // Opened the room (not watching: nothing listed), then watched the replay.
      const s = session(oldId, 'r_new1', { joined_at: '2026-12-19T11:00:00.000Z' });
      await db.insertInto('room_attendance').values(s).execute();
      assert.deepEqual(await listed(), []);
      await db.updateTable('room_attendance').set({ replay_seconds: 300 }).where('id', '=', s.id).execute();
      assert.equal((await row(oldId)).attendees, 5);
      await settles(oldId);
      // More watch time for someone already counted changes nothing the rollup holds: not listed.
      await db.updateTable('room_attendance').set({ replay_seconds: 900 }).where('id', '=', s.id).execute();
      assert.deepEqual(await listed(), []);

      // The new viewer qualifies and opens a 7,000 opportunity: the old event's pipeline grows.
      const move = (id: string, to: 'mql' | 'opportunity', at: string, amount: number | null) => ({
        id,
        contact_id: 'c_new1',
        from_stage: null,
        to_stage: to,
        amount,
        currency: amount === null ? null : 'CNY',
        reason: null,
        actor_type: 'system' as const,
        actor_id: null,
        at,
      });
      const pipeline = (await row(oldId)).pipeline!;
      await db
        .insertInto('lead_stage_history')
        .values([
          move('hx1', 'mql', '2026-12-19T12:00:00.000Z', null),
          move('hx2', 'opportunity', '2026-12-19T13:00:00.000Z', 7000),
        ])
        .execute();
      assert.equal((await row(oldId)).pipeline, pipeline + 7000);
      assert.equal((await row(oldId)).mqls_this_week, 2);
      await settles(oldId);

      // Erasure: the registration and its sessions go, the old event's figures drop back.
      await db.deleteFrom('room_attendance').where('registration_id', '=', 'r_new1').execute();
      await db.deleteFrom('registrations').where('id', '=', 'r_new1').execute();
      assert.equal((await row(oldId)).pipeline, pipeline);
      assert.equal((await row(oldId)).registrations, 11);
      await settles(oldId);
    });

    it('takes an event off the list only with its rollup stored: what a partial pass leaves stays listed', async () => {
      const r = registration(mainId, 'late', {});
      await db.insertInto('contacts').values(r.contact).execute();
      await db.insertInto('registrations').values(r.registration).execute();
      await db
        .insertInto('registrations')
        .values({
          ...registration(oldId, 'late', {}).registration,
          id: 'r_late_old',
          join_token: 'tok_late_old',
        })
        .execute();
      assert.deepEqual(new Set(await listed()), new Set([mainId, oldId]));
      assert.equal(await rollups.refresh(1), 1);
      assert.equal(new Set(await listed()).size, 1);
      // The other event is still listed, so the review does not trust its stored row yet.
      assert.deepEqual(await served(), await direct());
      await settles((await listed())[0]!);
    });
  });
}
