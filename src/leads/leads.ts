import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { AppError, forbidden, invalidState, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { Jobs } from '../jobs/jobs.js';
import { canMove, missingFor, type Stage } from './lifecycle.js';
import { RESCORE_JOB, SCORE_JOB } from './rescore.js';
import type { RuleSet } from './rules.js';
import { currentRules, scoreContacts } from './scorer.js';
import { historyRow, type OnStageChanged } from './stage-changes.js';
import type { TouchKind } from './tables.js';

export type Leads = ReturnType<typeof createLeads>;
/** Who acts: a user or token (audited); `userId` is set for users; `canManage` holds leads:manage. */
export interface LeadActor {
  actorType: 'user' | 'token';
  actorId: string | null;
  userId: string | null;
  canManage: boolean;
}

export interface LeadFilter {
  event_id?: string;
  stage?: Stage;
  min_score?: number;
  max_score?: number;
  owner_id?: string;
  company?: string;
  q?: string;
  limit: number;
  offset: number;
}

/** Registrations noted with new facts are scored in one job per flush, at most this often. */
const FLUSH_MS = 1000;
const FLUSH_MAX = 1000;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createLeads(deps: {
  db: Kysely<Database>;
  clock: Clock;
  jobs: Jobs;
  /** Hears every stage move in its transaction (the webhooks publish lead.mql / lead.stage_changed). */
  onStageChanged?: OnStageChanged;
}) {
  const { db, clock, jobs, onStageChanged } = deps;
  const score = async (contactIds: string[]) =>
    scoreContacts(db, clock, contactIds, await currentRules(db), onStageChanged);
  const now = () => clock.now().toISOString();
  const noted = new Set<string>();
  let flushTimer: NodeJS.Timeout | undefined;

  /**
   * Writes the noted registrations as scoring jobs (one per FLUSH_MAX ids). Ids whose job
   * could not be written are noted again for the next flush.
   */
  async function flush() {
    flushTimer = undefined;
    const ids = [...noted];
    noted.clear();
    for (let i = 0; i < ids.length; i += FLUSH_MAX) {
      const chunk = ids.slice(i, i + FLUSH_MAX);
      try {
        await jobs.enqueue(db, SCORE_JOB, { registration_ids: chunk });
      } catch (err) {
        for (const id of ids.slice(i)) noted.add(id);
        schedule();
        throw err;
      }
    }
  }
  function schedule() {
    if (flushTimer) return;
    flushTimer = setTimeout(() => void flush().catch(() => {}), FLUSH_MS);
    flushTimer.unref();
  }

  async function getLeadRow(contactId: string) {
    const lead = await db
      .selectFrom('leads')
      .selectAll()
      .where('contact_id', '=', contactId)
      .executeTakeFirst();
    if (lead) return lead;
    // A contact not scored yet (its registration's job is still queued): score it now.
    const contact = await db
      .selectFrom('contacts')
      .select('id')
      .where('id', '=', contactId)
      .executeTakeFirst();
    if (!contact) throw notFound('Lead');
    await score([contactId]);
    return db.selectFrom('leads').selectAll().where('contact_id', '=', contactId).executeTakeFirstOrThrow();
  }

  /** Sales without leads:manage work only the leads they own. */
  function assertMayWork(actor: LeadActor, lead: { owner_id: string | null }) {
    if (!actor.canManage && lead.owner_id !== actor.userId)
      throw forbidden('Only the lead owner, or someone who manages leads, may do this');
  }

  return {
    /**
     * Notes that a registration has a new fact (registered, a room interaction, watch time).
     * Called on the room's and registration's paths, so it only remembers the id; a timer
     * turns the ids noted in the last second into one scoring job on the durable queue.
     */
    noteFact(registrationId: string | null) {
      if (!registrationId) return;
      noted.add(registrationId);
      schedule();
    },
    /** Enqueues what is noted now (at shutdown, and in tests instead of waiting a second). */
    async flushNoted() {
      clearTimeout(flushTimer);
      await flush();
    },

    async rules() {
      const { ruleSet, version, updatedAt } = await currentRules(db);
      const rescore = await db
        .selectFrom('lead_rescores')
        .selectAll()
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return { ruleSet, version, updatedAt, rescore: rescore ?? null };
    },

    /** Saves new rules (validated by the caller) and starts a full re-score with them. */
    async updateRules(actor: LeadActor, ruleSet: RuleSet) {
      const at = now();
      const { version } = await currentRules(db);
      const rescoreId = newId(clock.now().getTime());
      await db.transaction().execute(async (trx) => {
        const row = {
          id: 'default',
          rules: JSON.stringify(ruleSet),
          version: version + 1,
          updated_by: actor.actorId,
          updated_at: at,
        };
        await trx
          .insertInto('lead_settings')
          .values(row)
          .onConflict((oc) => oc.column('id').doUpdateSet(row))
          .execute();
        await trx
          .insertInto('lead_rescores')
          .values({
            id: rescoreId,
            status: 'running',
            rules_version: version + 1,
            total: 0,
            done: 0,
            requested_by: actor.actorId,
            started_at: at,
            finished_at: null,
          })
          .execute();
        await jobs.enqueue(
          trx,
          RESCORE_JOB,
          { rescore_id: rescoreId },
          { idempotencyKey: `${RESCORE_JOB}:${rescoreId}` },
        );
        await recordAudit(trx, clock, {
          ...actor,
          action: 'leads.rules.update',
          targetType: 'lead_rules',
          targetId: 'default',
          details: {
            version: version + 1,
            rules: ruleSet.rules.length,
            mql_threshold: ruleSet.mql_threshold,
          },
        });
      });
      return this.rules();
    },

    async getRescore(id: string) {
      const run = await db.selectFrom('lead_rescores').selectAll().where('id', '=', id).executeTakeFirst();
      if (!run) throw notFound('Re-score');
      return run;
    },

    getLeadRow,

    /** Moves a lead to another stage, with a history row and an audit entry. */
    async moveStage(
      actor: LeadActor,
      contactId: string,
      input: { to: Stage; amount?: number | null; currency?: string | null; reason?: string | null },
    ) {
      const lead = await getLeadRow(contactId);
      assertMayWork(actor, lead);
      if (!canMove(lead.stage, input.to))
        throw invalidState(`A lead cannot go from ${lead.stage} to ${input.to}`);
      const missing = missingFor(input.to, input);
      if (Object.keys(missing).length)
        throw new AppError('VALIDATION_FAILED', 'Some fields are invalid', { fields: missing });
      const at = now();
      await db.transaction().execute(async (trx) => {
        const moved = await trx
          .updateTable('leads')
          .set({
            stage: input.to,
            stage_changed_at: at,
            ...(input.to === 'mql' ? { mql_at: at, mql_facts: lead.breakdown } : {}),
          })
          .where('contact_id', '=', contactId)
          .where('stage', '=', lead.stage)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) === 0)
          throw invalidState('The lead changed meanwhile; reload and try again');
        const change = {
          historyId: newId(clock.now().getTime()),
          contactId,
          from: lead.stage,
          to: input.to,
          at,
          actorType: actor.actorType,
          actorId: actor.actorId,
          amount: input.amount ?? null,
          currency: input.currency ?? null,
          reason: input.reason?.trim() || null,
        };
        await trx.insertInto('lead_stage_history').values(historyRow(change)).execute();
        await onStageChanged?.(trx, [change]);
        await recordAudit(trx, clock, {
          ...actor,
          action: 'lead.stage_changed',
          targetType: 'lead',
          targetId: contactId,
          details: {
            from: lead.stage,
            to: input.to,
            amount: input.amount ?? null,
            currency: input.currency ?? null,
            reason: input.reason ?? null,
          },
        });
      });
      return getLeadRow(contactId);
    },

    /** Gives a lead to an owner (or takes it back with null). */
    async setOwner(actor: LeadActor, contactId: string, ownerId: string | null) {
      const lead = await getLeadRow(contactId);
      if (ownerId) {
        const user = await db
          .selectFrom('users')
          .select(['id', 'disabled_at'])
          .where('id', '=', ownerId)
          .executeTakeFirst();
        if (!user || user.disabled_at)
          throw new AppError('VALIDATION_FAILED', 'Some fields are invalid', {
            fields: { owner_id: 'Choose an active teammate' },
          });
      }
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('leads')
          .set({ owner_id: ownerId })
          .where('contact_id', '=', contactId)
          .execute();
        await recordAudit(trx, clock, {
          ...actor,
          action: 'lead.owner_changed',
          targetType: 'lead',
          targetId: contactId,
          details: { from: lead.owner_id, to: ownerId },
        });
      });
      return getLeadRow(contactId);
    },

    /** Saves fit facts (industry, size, timeline, budget, region) and re-scores the contact at once. */
    async setProfile(
      actor: LeadActor,
      contactId: string,
      profile: {
        industry: string | null;
        company_size: string | null;
        purchase_timeline: string | null;
        budget: string | null;
        region: string | null;
      },
    ) {
      const lead = await getLeadRow(contactId);
      assertMayWork(actor, lead);
      const row = { contact_id: contactId, ...profile, updated_at: now() };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('lead_profiles')
          .values(row)
          .onConflict((oc) => oc.column('contact_id').doUpdateSet(row))
          .execute();
        await recordAudit(trx, clock, {
          ...actor,
          action: 'lead.profile_changed',
          targetType: 'lead',
          targetId: contactId,
          details: profile,
        });
      });
      await score([contactId]);
      return getLeadRow(contactId);
    },

    /** Logs a call, email or note; a call or email is the first touch of open hand-offs. */
    async addTouch(
      actor: LeadActor,
      contactId: string,
      input: { kind: TouchKind; outcome: string | null; note: string },
    ) {
      const lead = await getLeadRow(contactId);
      assertMayWork(actor, lead);
      const at = now();
      const touch = {
        id: newId(clock.now().getTime()),
        contact_id: contactId,
        user_id: actor.userId,
        kind: input.kind,
        outcome: input.outcome,
        note: input.note,
        at,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('lead_touches').values(touch).execute();
        if (input.kind !== 'note')
          await trx
            .updateTable('lead_assignments')
            .set({ first_touch_at: at })
            .where('contact_id', '=', contactId)
            .where('first_touch_at', 'is', null)
            .execute();
        await recordAudit(trx, clock, {
          ...actor,
          action: 'lead.touch_logged',
          targetType: 'lead',
          targetId: contactId,
          details: { kind: input.kind, outcome: input.outcome },
        });
      });
      return touch;
    },

    /** Leads with their contact, filtered; highest score first. */
    async list(filter: LeadFilter) {
      let q = db
        .selectFrom('leads as l')
        .innerJoin('contacts as c', 'c.id', 'l.contact_id')
        .leftJoin('users as u', 'u.id', 'l.owner_id');
      if (filter.event_id) {
        const eventId = filter.event_id;
        q = q.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('registrations as r')
              .select('r.id')
              .whereRef('r.contact_id', '=', 'l.contact_id')
              .where('r.event_id', '=', eventId)
              .where('r.status', '=', 'active'),
          ),
        );
      }
      if (filter.stage) q = q.where('l.stage', '=', filter.stage);
      if (filter.min_score !== undefined) q = q.where('l.score', '>=', filter.min_score);
      if (filter.max_score !== undefined) q = q.where('l.score', '<=', filter.max_score);
      if (filter.owner_id) q = q.where('l.owner_id', '=', filter.owner_id);
      if (filter.company)
        q = q.where(
          sql<string>`lower(c.company)`,
          'like',
          sql<string>`${`%${escapeLike(filter.company.toLowerCase())}%`} escape '\\'`,
        );
      if (filter.q) {
        const like = `%${escapeLike(filter.q.toLowerCase())}%`;
        q = q.where((eb) =>
          eb.or([
            eb(sql<string>`lower(c.name)`, 'like', sql<string>`${like} escape '\\'`),
            eb(sql<string>`lower(c.email)`, 'like', sql<string>`${like} escape '\\'`),
          ]),
        );
      }
      const [rows, total] = await Promise.all([
        q
          .select([
            'l.contact_id',
            'l.score',
            'l.breakdown',
            'l.stage',
            'l.owner_id',
            'l.mql_at',
            'l.scored_at',
            'l.stage_changed_at',
            'c.name',
            'c.email',
            'c.company',
            'c.job_title',
            'u.name as owner_name',
          ])
          .orderBy('l.score', 'desc')
          .orderBy('l.contact_id')
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
      ]);
      return { rows, total: Number(total?.n ?? 0) };
    },

    /** One lead with the person's whole history. */
    async detail(contactId: string) {
      const lead = await getLeadRow(contactId);
      const [contact, profile, registrations, interactions, history, touches, assignments, owner] =
        await Promise.all([
          db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow(),
          db.selectFrom('lead_profiles').selectAll().where('contact_id', '=', contactId).executeTakeFirst(),
          db
            .selectFrom('registrations as r')
            .innerJoin('events as e', 'e.id', 'r.event_id')
            .leftJoin('lead_engagement as g', 'g.registration_id', 'r.id')
            .leftJoin(
              (eb) =>
                eb
                  .selectFrom('room_attendance')
                  .select((e) => [
                    'registration_id',
                    e.fn.sum<number>('live_seconds').as('live'),
                    e.fn.sum<number>('replay_seconds').as('replay'),
                  ])
                  .groupBy('registration_id')
                  .as('a'),
              (join) => join.onRef('a.registration_id', '=', 'r.id'),
            )
            .select([
              'r.id',
              'r.event_id',
              'e.title as event_title',
              'r.status',
              'r.created_at',
              'r.channel',
              'g.engagement',
              'a.live',
              'a.replay',
            ])
            .where('r.contact_id', '=', contactId)
            .orderBy('r.created_at', 'desc')
            .execute(),
          db
            .selectFrom('room_interactions as i')
            .innerJoin('registrations as r', 'r.id', 'i.registration_id')
            .select(['i.id', 'i.event_id', 'i.type', 'i.at'])
            .where('r.contact_id', '=', contactId)
            .orderBy('i.at', 'desc')
            .limit(200)
            .execute(),
          db
            .selectFrom('lead_stage_history')
            .selectAll()
            .where('contact_id', '=', contactId)
            .orderBy('at')
            .orderBy('id')
            .execute(),
          db
            .selectFrom('lead_touches')
            .selectAll()
            .where('contact_id', '=', contactId)
            .orderBy('at', 'desc')
            .orderBy('id', 'desc')
            .execute(),
          db
            .selectFrom('lead_assignments')
            .selectAll()
            .where('contact_id', '=', contactId)
            .orderBy('assigned_at')
            .execute(),
          lead.owner_id
            ? db.selectFrom('users').select(['id', 'name']).where('id', '=', lead.owner_id).executeTakeFirst()
            : undefined,
        ]);
      return { lead, contact, profile, registrations, interactions, history, touches, assignments, owner };
    },
  };
}
