import type { Kysely } from 'kysely';
import { type AuditEntry, recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import { prepareQuery } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { AppError, invalidState, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { resolveSchedule } from './schedule.js';
import type { EventInput, EventPatch } from './schemas.js';
import { slugify } from './slug.js';
import { canTransition } from './status.js';
import type { EventStatus } from './tables.js';
import { utcToZonedLocal } from './time.js';

export type EventRow = Database['events'];
export type SpeakerRow = Database['speakers'];
export type AgendaRow = Database['agenda_sessions'] & { speaker_ids: string[] };
export type Actor = Pick<AuditEntry, 'actorType' | 'actorId'>;
export type Events = ReturnType<typeof createEvents>;

type SpeakerInput = {
  name: string;
  title: string;
  company: string;
  bio: string;
  tier: SpeakerRow['tier'];
  position?: number;
};
type AgendaInput = {
  title: string;
  description: string;
  starts_at: string;
  ends_at: string;
  speaker_ids: string[];
  position?: number;
};

/**
 * Event rows read on the public hot paths (every registration, every confirmation email,
 * landing-page misses), kept for a second. Any change made through this events service
 * drops them at once; a change made by another process (PostgreSQL scale-out) or seen from
 * the job thread shows within the second, the same bound as the landing page's
 * microcache. Rows are frozen: callers share them.
 */
class RecentEvents {
  private readonly rows = new Map<string, { row: EventRow; at: number }>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly max = 1000,
  ) {}

  async get(key: string, load: () => Promise<EventRow | undefined>): Promise<EventRow | undefined> {
    const hit = this.rows.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.row;
    const generation = this.generation;
    const row = await load();
    // A change that landed while this row was being read makes it stale: don't keep it.
    if (!row || generation !== this.generation) return row;
    if (this.rows.size >= this.max) this.rows.clear();
    this.rows.set(key, { row: Object.freeze(row), at: Date.now() });
    return row;
  }

  clear(): void {
    this.generation++;
    this.rows.clear();
  }
}

const validation = (fields: Record<string, string>) =>
  new AppError('VALIDATION_FAILED', 'Some fields are invalid', { fields });

export function createEvents(deps: {
  db: Kysely<Database>;
  clock: Clock;
  /** Called after an event moved to `ended` (the leads hand-off queues its job here). */
  onEnded?: (eventId: string, endedAt: string) => Promise<void>;
  /**
   * Called in the transaction that moves an event to `to` (e.g. the webhooks queue the
   * attendance summaries when an event ends): what it writes commits with the move.
   */
  onStatusChange?: (trx: Kysely<Database>, event: EventRow, to: EventStatus, at: string) => Promise<void>;
}) {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();
  const audit = (actor: Actor, action: string, targetId: string, details?: Record<string, unknown>) =>
    recordAudit(db, clock, { ...actor, action, targetType: 'event', targetId, details });

  const recent = new RecentEvents(1000);
  /** Every write to the events table goes through here, so cached rows never outlive a change. */
  const changed = async <T>(write: Promise<T>): Promise<T> => {
    try {
      return await write;
    } finally {
      recent.clear();
    }
  };

  /** Any change to an event's content bumps updated_at: page caches key on it. */
  const touch = (id: string) =>
    changed(db.updateTable('events').set({ updated_at: now() }).where('id', '=', id).execute());

  async function assertSlugFree(slug: string, exceptId?: string) {
    let q = db.selectFrom('events').select('id').where('slug', '=', slug);
    if (exceptId) q = q.where('id', '!=', exceptId);
    if (await q.executeTakeFirst()) {
      throw new AppError('CONFLICT', 'This URL slug is taken', {
        fields: { slug: 'Another event uses this URL' },
      });
    }
  }

  async function uniqueSlugFrom(title: string): Promise<string> {
    const base = slugify(title);
    for (let i = 1; ; i++) {
      const candidate = i === 1 ? base : `${base}-${i}`;
      if (!(await db.selectFrom('events').select('id').where('slug', '=', candidate).executeTakeFirst()))
        return candidate;
    }
  }

  async function getSpeakerOf(eventId: string, speakerId: string): Promise<SpeakerRow> {
    const row = await db
      .selectFrom('speakers')
      .selectAll()
      .where('id', '=', speakerId)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (!row) throw notFound('Speaker');
    return row;
  }

  async function assertSpeakersOf(eventId: string, speakerIds: string[]) {
    if (speakerIds.length === 0) return;
    const found = await db
      .selectFrom('speakers')
      .select('id')
      .where('event_id', '=', eventId)
      .where('id', 'in', speakerIds)
      .execute();
    if (found.length !== new Set(speakerIds).size)
      throw validation({ speaker_ids: 'Choose speakers of this event' });
  }

  async function agendaOf(eventId: string): Promise<AgendaRow[]> {
    const sessions = await db
      .selectFrom('agenda_sessions')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('position')
      .orderBy('starts_at')
      .execute();
    if (sessions.length === 0) return [];
    const links = await db
      .selectFrom('agenda_session_speakers')
      .selectAll()
      .where(
        'agenda_session_id',
        'in',
        sessions.map((s) => s.id),
      )
      .execute();
    return sessions.map((s) => ({
      ...s,
      speaker_ids: links.filter((l) => l.agenda_session_id === s.id).map((l) => l.speaker_id),
    }));
  }

  /** Rewrites positions 0…n-1 in one transaction; refuses a list that is not exactly the event's items. */
  async function reorder(table: 'speakers' | 'agenda_sessions', eventId: string, ids: string[]) {
    const current = await db.selectFrom(table).select('id').where('event_id', '=', eventId).execute();
    const known = new Set(current.map((r) => r.id));
    if (ids.length !== known.size || new Set(ids).size !== ids.length || !ids.every((id) => known.has(id)))
      throw validation({ ids: 'List every item of this event exactly once' });
    await db.transaction().execute(async (trx) => {
      for (const [position, id] of ids.entries())
        await trx.updateTable(table).set({ position }).where('id', '=', id).execute();
    });
    await touch(eventId);
  }

  async function setSessionSpeakers(trx: Kysely<Database>, sessionId: string, speakerIds: string[]) {
    await trx.deleteFrom('agenda_session_speakers').where('agenda_session_id', '=', sessionId).execute();
    const unique = [...new Set(speakerIds)];
    if (unique.length) {
      await trx
        .insertInto('agenda_session_speakers')
        .values(unique.map((speaker_id) => ({ agenda_session_id: sessionId, speaker_id })))
        .execute();
    }
  }

  // On every registration and confirmation email: compiled once.
  const bySlug = prepareQuery(db, (p) => db.selectFrom('events').selectAll().where('slug', '=', p.slug));
  const byId = prepareQuery(db, (p) => db.selectFrom('events').selectAll().where('id', '=', p.id));

  return {
    async getEvent(id: string): Promise<EventRow> {
      const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('Event');
      return row;
    },

    /** The event behind a public URL, as of at most a second ago (see RecentEvents). */
    findEventBySlug(slug: string): Promise<EventRow | undefined> {
      return recent.get(`slug:${slug}`, async () => (await bySlug(db, { slug })).rows[0]);
    },

    /** An event by id, as of at most a second ago; for hot background paths such as confirmation emails. */
    findRecentEvent(id: string): Promise<EventRow | undefined> {
      return recent.get(`id:${id}`, async () => (await byId(db, { id })).rows[0]);
    },

    async listEvents(filter: { status?: EventStatus; q?: string }) {
      let q = db
        .selectFrom('events as e')
        .selectAll('e')
        .select((eb) =>
          eb
            .selectFrom('registrations as r')
            .select(eb.fn.countAll().as('n'))
            .whereRef('r.event_id', '=', 'e.id')
            .where('r.status', '=', 'active')
            .as('registration_count'),
        )
        .orderBy('e.starts_at', 'desc');
      if (filter.status) q = q.where('e.status', '=', filter.status);
      if (filter.q) {
        const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['e.title']), 'like', like),
            eb(eb.fn('lower', ['e.slug']), 'like', like),
          ]),
        );
      }
      const rows = await q.execute();
      return rows.map((r) => ({ ...r, registration_count: Number(r.registration_count ?? 0) }));
    },

    async countRegistrations(eventId: string): Promise<number> {
      const row = await db
        .selectFrom('registrations')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('event_id', '=', eventId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async getEventDetail(id: string) {
      const event = await this.getEvent(id);
      const speakers = await db
        .selectFrom('speakers')
        .selectAll()
        .where('event_id', '=', id)
        .orderBy('position')
        .orderBy('created_at')
        .execute();
      return { event, speakers, agenda: await agendaOf(id) };
    },

    async createEvent(actor: Actor, input: EventInput): Promise<EventRow> {
      const schedule = resolveSchedule(input, input.timezone);
      if (!schedule.ok) throw validation(schedule.fields);
      const slug = input.slug ?? (await uniqueSlugFrom(input.title));
      await assertSlugFree(slug);
      const at = now();
      const row: EventRow = {
        id: newId(),
        slug,
        title: input.title,
        summary: input.summary,
        topic: input.topic,
        target_audience: input.target_audience,
        pain_point: input.pain_point,
        why_now: input.why_now,
        format: input.format,
        status: 'draft',
        language: input.language,
        timezone: input.timezone,
        starts_at: schedule.starts_at,
        ends_at: schedule.ends_at,
        cover_file_id: null,
        access: input.access,
        consent_text: input.consent_text || null,
        consent_version: 1,
        schedule_sequence: 0,
        created_by: actor.actorType === 'user' ? actor.actorId : null,
        created_at: at,
        updated_at: at,
      };
      await db.insertInto('events').values(row).execute();
      await audit(actor, 'event.created', row.id);
      return row;
    },

    /**
     * Applies a partial change. Times not given keep their wall-clock value in the
     * (possibly new) zone; a changed consent text gets a new consent version.
     */
    async updateEvent(actor: Actor, id: string, patch: EventPatch): Promise<EventRow> {
      const current = await this.getEvent(id);
      const timezone = patch.timezone ?? current.timezone;
      const schedule = resolveSchedule(
        {
          starts_at: patch.starts_at ?? utcToZonedLocal(new Date(current.starts_at), current.timezone),
          ends_at: patch.ends_at ?? utcToZonedLocal(new Date(current.ends_at), current.timezone),
        },
        timezone,
      );
      if (!schedule.ok) throw validation(schedule.fields);
      if (patch.slug && patch.slug !== current.slug) await assertSlugFree(patch.slug, id);
      const consentText =
        patch.consent_text === undefined ? current.consent_text : patch.consent_text || null;
      const { starts_at: _s, ends_at: _e, consent_text: _c, ...rest } = patch;
      await changed(
        db
          .updateTable('events')
          .set({
            ...rest,
            timezone,
            starts_at: schedule.starts_at,
            ends_at: schedule.ends_at,
            consent_text: consentText,
            consent_version:
              consentText === current.consent_text ? current.consent_version : current.consent_version + 1,
            schedule_sequence:
              schedule.starts_at === current.starts_at && schedule.ends_at === current.ends_at
                ? current.schedule_sequence
                : current.schedule_sequence + 1,
            updated_at: now(),
          })
          .where('id', '=', id)
          .execute(),
      );
      await audit(actor, 'event.updated', id, { fields: Object.keys(patch) });
      return this.getEvent(id);
    },

    async deleteEvent(actor: Actor, id: string): Promise<void> {
      const event = await this.getEvent(id);
      if (event.status !== 'draft')
        throw invalidState('Only draft events can be deleted; unpublish it first');
      await changed(db.deleteFrom('events').where('id', '=', id).execute());
      await audit(actor, 'event.deleted', id, { slug: event.slug });
    },

    /** Moves an event along its lifecycle (see status.ts); refuses other moves. */
    async transition(actor: Actor, id: string, to: EventStatus): Promise<EventRow> {
      const event = await this.getEvent(id);
      if (!canTransition(event.status, to))
        throw invalidState(`An event cannot go from ${event.status} to ${to}`);
      const at = now();
      const result = await changed(
        db.transaction().execute(async (trx) => {
          const moved = await trx
            .updateTable('events')
            .set({ status: to, updated_at: at })
            .where('id', '=', id)
            .where('status', '=', event.status)
            .executeTakeFirst();
          if (Number(moved.numUpdatedRows) > 0 && deps.onStatusChange)
            await deps.onStatusChange(trx, event, to, at);
          return moved;
        }),
      );
      if (Number(result.numUpdatedRows) === 0)
        throw invalidState('The event changed meanwhile; reload and try again');
      await audit(actor, 'event.status_changed', id, { from: event.status, to });
      if (to === 'ended') await deps.onEnded?.(id, now());
      return this.getEvent(id);
    },

    /**
     * An image's resized copies are ready (src/files/variants.ts): the events that show it as
     * their cover or a speaker's photo are bumped, so their cached pages are rendered again
     * with the copies.
     */
    async imageChanged(fileId: string): Promise<void> {
      await changed(
        db
          .updateTable('events')
          .set({ updated_at: now() })
          .where((eb) =>
            eb.or([
              eb('cover_file_id', '=', fileId),
              eb(
                'id',
                'in',
                eb.selectFrom('speakers').select('event_id').where('photo_file_id', '=', fileId),
              ),
            ]),
          )
          .execute(),
      );
    },

    async setCover(actor: Actor, id: string, fileId: string | null): Promise<EventRow> {
      await this.getEvent(id);
      await changed(
        db
          .updateTable('events')
          .set({ cover_file_id: fileId, updated_at: now() })
          .where('id', '=', id)
          .execute(),
      );
      await audit(actor, fileId ? 'event.cover_set' : 'event.cover_removed', id);
      return this.getEvent(id);
    },

    async addSpeaker(actor: Actor, eventId: string, input: SpeakerInput): Promise<SpeakerRow> {
      await this.getEvent(eventId);
      const max = await db
        .selectFrom('speakers')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('event_id', '=', eventId)
        .executeTakeFirst();
      const at = now();
      const row: SpeakerRow = {
        id: newId(),
        event_id: eventId,
        name: input.name,
        title: input.title,
        company: input.company,
        bio: input.bio,
        tier: input.tier,
        photo_file_id: null,
        position: input.position ?? (max?.p == null ? 0 : Number(max.p) + 1),
        created_at: at,
        updated_at: at,
      };
      await db.insertInto('speakers').values(row).execute();
      await touch(eventId);
      await audit(actor, 'speaker.added', eventId, { speaker_id: row.id });
      return row;
    },

    async updateSpeaker(
      actor: Actor,
      eventId: string,
      speakerId: string,
      patch: Partial<SpeakerInput> & { photo_file_id?: string | null },
    ) {
      await getSpeakerOf(eventId, speakerId);
      await db
        .updateTable('speakers')
        .set({ ...patch, updated_at: now() })
        .where('id', '=', speakerId)
        .execute();
      await touch(eventId);
      await audit(actor, 'speaker.updated', eventId, { speaker_id: speakerId });
      return getSpeakerOf(eventId, speakerId);
    },

    /** Puts the event's speakers in the given order (every speaker id, each once). */
    async reorderSpeakers(actor: Actor, eventId: string, ids: string[]): Promise<void> {
      await this.getEvent(eventId);
      await reorder('speakers', eventId, ids);
      await audit(actor, 'speakers.reordered', eventId);
    },

    /** Puts the event's agenda sessions in the given order (every session id, each once). */
    async reorderAgenda(actor: Actor, eventId: string, ids: string[]): Promise<void> {
      await this.getEvent(eventId);
      await reorder('agenda_sessions', eventId, ids);
      await audit(actor, 'agenda.reordered', eventId);
    },

    async removeSpeaker(actor: Actor, eventId: string, speakerId: string): Promise<void> {
      await getSpeakerOf(eventId, speakerId);
      await db.deleteFrom('speakers').where('id', '=', speakerId).execute();
      await touch(eventId);
      await audit(actor, 'speaker.removed', eventId, { speaker_id: speakerId });
    },

    async addAgendaSession(actor: Actor, eventId: string, input: AgendaInput): Promise<AgendaRow> {
      const event = await this.getEvent(eventId);
      const schedule = resolveSchedule(input, event.timezone);
      if (!schedule.ok) throw validation(schedule.fields);
      await assertSpeakersOf(eventId, input.speaker_ids);
      const count = await db
        .selectFrom('agenda_sessions')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('event_id', '=', eventId)
        .executeTakeFirst();
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('agenda_sessions')
          .values({
            id,
            event_id: eventId,
            title: input.title,
            description: input.description,
            starts_at: schedule.starts_at,
            ends_at: schedule.ends_at,
            position: input.position ?? Number(count?.n ?? 0),
          })
          .execute();
        await setSessionSpeakers(trx, id, input.speaker_ids);
      });
      await touch(eventId);
      await audit(actor, 'agenda.added', eventId, { session_id: id });
      return (await agendaOf(eventId)).find((s) => s.id === id)!;
    },

    async updateAgendaSession(
      actor: Actor,
      eventId: string,
      sessionId: string,
      patch: Partial<AgendaInput>,
    ): Promise<AgendaRow> {
      const event = await this.getEvent(eventId);
      const current = (await agendaOf(eventId)).find((s) => s.id === sessionId);
      if (!current) throw notFound('Agenda session');
      const schedule = resolveSchedule(
        {
          starts_at: patch.starts_at ?? current.starts_at,
          ends_at: patch.ends_at ?? current.ends_at,
        },
        event.timezone,
      );
      if (!schedule.ok) throw validation(schedule.fields);
      if (patch.speaker_ids) await assertSpeakersOf(eventId, patch.speaker_ids);
      const { speaker_ids, starts_at: _s, ends_at: _e, ...rest } = patch;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('agenda_sessions')
          .set({ ...rest, starts_at: schedule.starts_at, ends_at: schedule.ends_at })
          .where('id', '=', sessionId)
          .execute();
        if (speaker_ids) await setSessionSpeakers(trx, sessionId, speaker_ids);
      });
      await touch(eventId);
      await audit(actor, 'agenda.updated', eventId, { session_id: sessionId });
      return (await agendaOf(eventId)).find((s) => s.id === sessionId)!;
    },

    async removeAgendaSession(actor: Actor, eventId: string, sessionId: string): Promise<void> {
      const result = await db
        .deleteFrom('agenda_sessions')
        .where('id', '=', sessionId)
        .where('event_id', '=', eventId)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw notFound('Agenda session');
      await touch(eventId);
      await audit(actor, 'agenda.removed', eventId, { session_id: sessionId });
    },
  };
}
