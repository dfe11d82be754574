import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { currentRules, scoreContacts } from './scorer.js';
import type { OnStageChanged } from './stage-changes.js';

export const RESCORE_JOB = 'leads.rescore';
export const SCORE_JOB = 'leads.score';
/** Contacts scored per step of a full re-score; progress is written after each. */
export const RESCORE_CHUNK = 1000;

/**
 * The full re-score after a rule change, as a job: every contact in id order, a chunk at a
 * time, progress (`done` of `total`) written after each chunk. A run whose rules were
 * replaced meanwhile stops (the newer run re-scores everyone); a run that crashed starts
 * over when its job is retried (scoring is idempotent).
 */
export function rescoreJob(deps: { db: Kysely<Database>; clock: Clock; onStageChanged?: OnStageChanged }) {
  const { db, clock } = deps;
  return async (payload: Record<string, unknown>) => {
    const run = await db
      .selectFrom('lead_rescores')
      .selectAll()
      .where('id', '=', String(payload.rescore_id))
      .executeTakeFirst();
    if (run?.status !== 'running') return;
    const total = await db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    await db
      .updateTable('lead_rescores')
      .set({ total: Number(total?.n ?? 0), done: 0 })
      .where('id', '=', run.id)
      .execute();
    let after = '';
    let done = 0;
    for (;;) {
      const rules = await currentRules(db);
      if (rules.version !== run.rules_version) {
        await db
          .updateTable('lead_rescores')
          .set({ status: 'superseded', finished_at: clock.now().toISOString() })
          .where('id', '=', run.id)
          .execute();
        return;
      }
      const ids = (
        await db
          .selectFrom('contacts')
          .select('id')
          .where('id', '>', after)
          .orderBy('id')
          .limit(RESCORE_CHUNK)
          .execute()
      ).map((r) => r.id);
      if (ids.length === 0) break;
      await scoreContacts(db, clock, ids, rules, deps.onStageChanged);
      done += ids.length;
      after = ids[ids.length - 1]!;
      await db.updateTable('lead_rescores').set({ done }).where('id', '=', run.id).execute();
      // Let requests and the room in between chunks (SQLite calls complete as microtasks).
      await new Promise((resolve) => setImmediate(resolve));
    }
    await db
      .updateTable('lead_rescores')
      .set({ status: 'done', done, finished_at: clock.now().toISOString() })
      .where('id', '=', run.id)
      .execute();
  };
}

/** Incremental scoring: the contacts of registrations that got a new fact, with the rules in force. */
export function scoreJob(deps: { db: Kysely<Database>; clock: Clock; onStageChanged?: OnStageChanged }) {
  const { db, clock } = deps;
  return async (payload: Record<string, unknown>) => {
    const registrationIds = (payload.registration_ids as string[]) ?? [];
    if (registrationIds.length === 0) return;
    const rows = await db
      .selectFrom('registrations')
      .select('contact_id')
      .distinct()
      .where('id', 'in', registrationIds)
      .execute();
    await scoreContacts(
      db,
      clock,
      rows.map((r) => r.contact_id),
      await currentRules(db),
      deps.onStageChanged,
    );
  };
}
