import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { notFound } from '../errors.js';
import { utcToZonedLocal } from '../events/time.js';
import { t } from '../i18n/index.js';
import type { Jobs } from '../jobs/jobs.js';
import type { Mailer } from '../mail/mailer.js';
import { type AssignmentRule, assignLeads } from './assignment.js';
import { followUpDeadline, type WorkingHours } from './deadline.js';

export const HANDOFF_JOB = 'leads.handoff';
export const OVERDUE_JOB = 'leads.overdue';
export const DEFAULT_SLA_HOURS = 48;

export interface EventLeadSettings {
  sla_hours: number;
  working_hours: WorkingHours | null;
  assignment_rules: AssignmentRule[];
}

export type Handoff = ReturnType<typeof createHandoff>;
type Actor = { actorType: 'user' | 'token'; actorId: string | null };

/** The median of `values` (undefined when empty). */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The 48-hour hand-off: when an event ends its MQLs go to sales (by rule or in turn) with
 * a follow-up deadline, an overdue check is queued for each deadline, and the event's SLA
 * compliance is read from the assignments.
 */
export function createHandoff(deps: {
  db: Kysely<Database>;
  clock: Clock;
  jobs: Jobs;
  mailer: Mailer;
  baseUrl: string;
}) {
  const { db, clock, jobs, mailer } = deps;

  async function settings(eventId: string): Promise<EventLeadSettings> {
    const row = await db
      .selectFrom('lead_event_settings')
      .selectAll()
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    return row
      ? {
          sla_hours: row.sla_hours,
          working_hours: row.working_hours ? (JSON.parse(row.working_hours) as WorkingHours) : null,
          assignment_rules: JSON.parse(row.assignment_rules) as AssignmentRule[],
        }
      : { sla_hours: DEFAULT_SLA_HOURS, working_hours: null, assignment_rules: [] };
  }

  /** Who takes round-robin leads: owners marked in the pool, or else every active sales user. */
  async function pool(): Promise<string[]> {
    const marked = await db
      .selectFrom('lead_owners as o')
      .innerJoin('users as u', 'u.id', 'o.user_id')
      .select('u.id')
      .where('o.in_pool', '=', 1)
      .where('u.disabled_at', 'is', null)
      .orderBy('u.id')
      .execute();
    if (marked.length) return marked.map((r) => r.id);
    const sales = await db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'sales')
      .where('disabled_at', 'is', null)
      .orderBy('id')
      .execute();
    return sales.map((r) => r.id);
  }

  /** Assigns the event's unassigned MQLs; returns how many were handed over. */
  async function handOff(eventId: string, endedAt: Date): Promise<number> {
    const event = await db
      .selectFrom('events')
      .select(['id', 'timezone'])
      .where('id', '=', eventId)
      .executeTakeFirst();
    if (!event) return 0;
    const config = await settings(eventId);
    const candidates = await db
      .selectFrom('leads as l')
      .innerJoin('registrations as r', 'r.contact_id', 'l.contact_id')
      .innerJoin('contacts as c', 'c.id', 'l.contact_id')
      .leftJoin('lead_profiles as p', 'p.contact_id', 'l.contact_id')
      .select(['l.contact_id', 'l.owner_id', 'c.company', 'p.region', 'p.industry', 'p.company_size'])
      .where('r.event_id', '=', eventId)
      .where('r.status', '=', 'active')
      .where('l.stage', '=', 'mql')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('lead_assignments as a')
              .select('a.contact_id')
              .where('a.event_id', '=', eventId)
              .whereRef('a.contact_id', '=', 'l.contact_id'),
          ),
        ),
      )
      .execute();
    if (candidates.length === 0) return 0;
    const before = await db
      .selectFrom('lead_assignments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    // A lead someone already owns stays with them; the others are assigned.
    const owned = new Map(candidates.filter((c) => c.owner_id).map((c) => [c.contact_id, c.owner_id!]));
    const { assigned } = assignLeads(
      candidates
        .filter((c) => !c.owner_id)
        .map((c) => ({
          contactId: c.contact_id,
          region: c.region,
          industry: c.industry,
          company_size: c.company_size,
          company: c.company,
        })),
      await pool(),
      config.assignment_rules,
      Number(before?.n ?? 0),
    );
    const all = new Map([...owned, ...assigned]);
    if (all.size === 0) return 0;
    const zones = new Map(
      (
        await db
          .selectFrom('lead_owners')
          .select(['user_id', 'time_zone'])
          .where('user_id', 'in', [...new Set(all.values())])
          .execute()
      ).map((r) => [r.user_id, r.time_zone]),
    );
    const at = clock.now().toISOString();
    const rows = [...all].map(([contactId, ownerId]) => ({
      event_id: eventId,
      contact_id: contactId,
      owner_id: ownerId,
      assigned_at: at,
      due_at: followUpDeadline(
        endedAt,
        config.sla_hours,
        config.working_hours,
        zones.get(ownerId) ?? event.timezone,
      ).toISOString(),
      first_touch_at: null,
      overdue_at: null,
    }));
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('lead_assignments')
        .values(rows)
        .onConflict((oc) => oc.columns(['event_id', 'contact_id']).doNothing())
        .execute();
      for (const [contactId, ownerId] of assigned)
        await trx
          .updateTable('leads')
          .set({ owner_id: ownerId })
          .where('contact_id', '=', contactId)
          .where('owner_id', 'is', null)
          .execute();
      await jobs.enqueueMany(
        trx,
        rows.map((r) => ({
          type: OVERDUE_JOB,
          payload: { event_id: eventId, contact_id: r.contact_id },
          options: { runAt: new Date(r.due_at), idempotencyKey: `${OVERDUE_JOB}:${eventId}:${r.contact_id}` },
        })),
      );
      await recordAudit(trx, clock, {
        actorType: 'system',
        actorId: null,
        action: 'leads.handed_off',
        targetType: 'event',
        targetId: eventId,
        details: { leads: rows.length },
      });
    });
    return rows.length;
  }

  /** At a deadline: a lead not touched yet is flagged overdue and mailed to its owner and the conversion group. */
  async function checkOverdue(eventId: string, contactId: string) {
    const a = await db
      .selectFrom('lead_assignments')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('contact_id', '=', contactId)
      .executeTakeFirst();
    if (!a || a.first_touch_at) return;
    if (!a.overdue_at)
      await db
        .updateTable('lead_assignments')
        .set({ overdue_at: clock.now().toISOString() })
        .where('event_id', '=', eventId)
        .where('contact_id', '=', contactId)
        .where('overdue_at', 'is', null)
        .execute();
    const [contact, event, recipients] = await Promise.all([
      db.selectFrom('contacts').select(['name', 'company']).where('id', '=', contactId).executeTakeFirst(),
      db.selectFrom('events').select('title').where('id', '=', eventId).executeTakeFirst(),
      db
        .selectFrom('users')
        .leftJoin('lead_owners as o', 'o.user_id', 'users.id')
        .select(['users.id as id', 'users.email as email', 'users.locale as locale', 'o.time_zone'])
        .where('users.disabled_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb('users.id', '=', a.owner_id),
            eb(
              'users.id',
              'in',
              eb
                .selectFrom('sop_team_members')
                .select('user_id')
                .where('event_id', '=', eventId)
                .where('group_name', '=', 'conversion'),
            ),
          ]),
        )
        .execute(),
    ]);
    const who = `${contact?.name ?? ''}${contact?.company ? ` (${contact.company})` : ''}`;
    const link = `${deps.baseUrl}/admin/#/leads/${contactId}`;
    for (const r of recipients) {
      const params = {
        who,
        event: event?.title ?? '',
        due: utcToZonedLocal(new Date(a.due_at), r.time_zone ?? 'UTC').replace('T', ' '),
      };
      const body = t(r.locale, 'leads.overdue.body', params);
      const open = t(r.locale, 'leads.overdue.open');
      await mailer.deliver(`${OVERDUE_JOB}:${eventId}:${contactId}:${r.id}`, {
        to: r.email,
        subject: t(r.locale, 'leads.overdue.subject', params),
        text: `${body}\n\n${open}: ${link}\n`,
        html: `<p>${escapeHtml(body)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(open)}</a></p>`,
        attachments: [],
        eventId,
      });
    }
  }

  return {
    settings,
    async saveSettings(actor: Actor, eventId: string, input: EventLeadSettings) {
      const event = await db.selectFrom('events').select('id').where('id', '=', eventId).executeTakeFirst();
      if (!event) throw notFound('Event');
      const row = {
        event_id: eventId,
        sla_hours: input.sla_hours,
        working_hours: input.working_hours ? JSON.stringify(input.working_hours) : null,
        assignment_rules: JSON.stringify(input.assignment_rules),
        updated_by: actor.actorId,
        updated_at: clock.now().toISOString(),
      };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('lead_event_settings')
          .values(row)
          .onConflict((oc) => oc.column('event_id').doUpdateSet(row))
          .execute();
        await recordAudit(trx, clock, {
          ...actor,
          action: 'leads.event_settings.update',
          targetType: 'event',
          targetId: eventId,
          details: { ...input },
        });
      });
      return settings(eventId);
    },
    async owners() {
      return db
        .selectFrom('users as u')
        .leftJoin('lead_owners as o', 'o.user_id', 'u.id')
        .select(['u.id', 'u.name', 'u.role', 'o.time_zone', 'o.in_pool'])
        .where('u.disabled_at', 'is', null)
        .orderBy('u.name')
        .execute();
    },
    async saveOwner(actor: Actor, userId: string, input: { time_zone: string; in_pool: boolean }) {
      const user = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
      if (!user) throw notFound('User');
      const row = {
        user_id: userId,
        time_zone: input.time_zone,
        in_pool: input.in_pool ? 1 : 0,
        updated_at: clock.now().toISOString(),
      };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('lead_owners')
          .values(row)
          .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
          .execute();
        await recordAudit(trx, clock, {
          ...actor,
          action: 'leads.owner_settings.update',
          targetType: 'user',
          targetId: userId,
          details: input,
        });
      });
    },
    /** Queues the hand-off of an event that just ended (idempotent per end). */
    async queueHandoff(executor: Kysely<Database>, eventId: string, endedAt: string) {
      await jobs.enqueue(
        executor,
        HANDOFF_JOB,
        { event_id: eventId, ended_at: endedAt },
        { idempotencyKey: `${HANDOFF_JOB}:${eventId}:${endedAt}` },
      );
    },
    handOff,
    checkOverdue,
    /** An owner's hand-offs, soonest deadline first. */
    async myLeads(ownerId: string) {
      return db
        .selectFrom('lead_assignments as a')
        .innerJoin('leads as l', 'l.contact_id', 'a.contact_id')
        .innerJoin('contacts as c', 'c.id', 'a.contact_id')
        .innerJoin('events as e', 'e.id', 'a.event_id')
        .select([
          'a.event_id',
          'e.title as event_title',
          'a.contact_id',
          'c.name',
          'c.email',
          'c.company',
          'c.job_title',
          'l.score',
          'l.stage',
          'a.assigned_at',
          'a.due_at',
          'a.first_touch_at',
          'a.overdue_at',
        ])
        .where('a.owner_id', '=', ownerId)
        .orderBy('a.due_at')
        .orderBy('a.contact_id')
        .execute();
    },
    /** The event's SLA compliance: how many MQLs were followed up in time, and the median time to first touch. */
    async compliance(eventId: string) {
      const rows = await db
        .selectFrom('lead_assignments')
        .select(['assigned_at', 'due_at', 'first_touch_at'])
        .where('event_id', '=', eventId)
        .execute();
      const now = clock.now().toISOString();
      const inTime = rows.filter((r) => r.first_touch_at && r.first_touch_at <= r.due_at).length;
      const touched = rows.filter((r) => r.first_touch_at);
      const minutes = touched.map(
        (r) => (Date.parse(r.first_touch_at!) - Date.parse(r.assigned_at)) / 60_000,
      );
      const m = median(minutes);
      return {
        assigned: rows.length,
        followed_up: touched.length,
        followed_up_in_time: inTime,
        overdue: rows.filter((r) => !r.first_touch_at && r.due_at < now).length,
        percent_in_time: rows.length ? Math.round((inTime / rows.length) * 1000) / 10 : null,
        median_minutes_to_first_touch: m === undefined ? null : Math.round(m),
      };
    },
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const handoffJob = (handoff: Handoff) => async (payload: Record<string, unknown>) => {
  await handoff.handOff(String(payload.event_id), new Date(String(payload.ended_at)));
};
export const overdueJob = (handoff: Handoff) => async (payload: Record<string, unknown>) => {
  await handoff.checkOverdue(String(payload.event_id), String(payload.contact_id));
};
