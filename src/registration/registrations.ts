import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Dialect } from '../db/database.js';
import { groupCommit } from '../db/group-commit.js';
import { placeholderRow, prepareQuery } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import type { Actor, EventRow } from '../events/events.js';
import { newId, newSecretToken } from '../ids.js';
import type { Jobs } from '../jobs/jobs.js';
import { CONFIRMATION_JOB } from './confirmation-mail.js';
import type { RegistrationInput, sortColumns } from './schemas.js';

export type RegistrationRow = Database['registrations'];
export type Registrations = ReturnType<typeof createRegistrations>;

export interface RegistrationContext {
  locale: string;
  consentText: string;
  userAgent?: string;
}

const utmKeys = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const;

export function createRegistrations(deps: {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  jobs: Jobs;
  /** The events service's short-lived lookup (every confirmation email reads its event). */
  eventOf: (id: string) => Promise<EventRow | undefined>;
}) {
  const { db, clock, jobs, eventOf } = deps;

  // The registration path is the hottest write in LeadCast (a campaign email goes out and
  // thousands register within minutes), so its queries are compiled once.
  const findExisting = prepareQuery(db, (p) =>
    db.selectFrom('registrations').selectAll().where('event_id', '=', p.eventId).where('email', '=', p.email),
  );
  const upsertContact = prepareQuery(db, (p) =>
    db
      .insertInto('contacts')
      .values({
        id: p.id,
        email: p.email,
        name: p.name,
        phone: p.phone,
        company: p.company,
        job_title: p.job_title,
        created_at: p.at,
        updated_at: p.at,
      })
      .onConflict((oc) =>
        oc.column('email').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          phone: eb.ref('excluded.phone'),
          company: eb.ref('excluded.company'),
          job_title: eb.ref('excluded.job_title'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .returning('id'),
  );
  const registrationColumns = [
    'id',
    'event_id',
    'contact_id',
    'email',
    'name',
    'phone',
    'company',
    'job_title',
    'join_token',
    'status',
    'locale',
    'consent_text',
    'consent_version',
    'consented_at',
    'channel',
    'referred_by',
    'utm',
    'user_agent',
    'created_at',
    'updated_at',
  ] as const;
  const insertRegistration = prepareQuery(db, (p) =>
    db
      .insertInto('registrations')
      .values(placeholderRow<RegistrationRow>(p, registrationColumns))
      .onConflict((oc) => oc.columns(['event_id', 'email']).doNothing())
      .returning('id'),
  );
  // Read once per confirmation email: compiled once.
  const byId = prepareQuery(db, (p) => db.selectFrom('registrations').selectAll().where('id', '=', p.id));
  const withEvent = async (
    registration: RegistrationRow | undefined,
  ): Promise<{ registration: RegistrationRow; event: EventRow } | undefined> => {
    if (!registration) return undefined;
    const event = await eventOf(registration.event_id);
    if (!event) throw new AppError('INTERNAL', 'Registration without its event');
    return { registration, event };
  };
  const existing = async (eventId: string, email: string) =>
    (await findExisting(db, { eventId, email })).rows[0];

  /**
   * Writes the contact, the registration and its confirmation email job; registrations
   * arriving together share one transaction (see groupCommit). Returns false when an
   * identical registration won the race.
   */
  const insert = groupCommit(
    db,
    async (trx, { registration, at }: { registration: RegistrationRow; at: string }) => {
      const contact = await upsertContact(trx, { ...registration, id: newId(), at });
      registration.contact_id = contact.rows[0]!.id;
      const row = (await insertRegistration(trx, registration)).rows[0];
      // The confirmation email is part of the same commit: a registration never exists without it.
      if (row) {
        await jobs.enqueue(
          trx,
          CONFIRMATION_JOB,
          { registration_id: registration.id },
          { idempotencyKey: `${CONFIRMATION_JOB}:${registration.id}` },
        );
      }
      return row !== undefined;
    },
    { maxBatch: 64, concurrency: deps.dialect === 'sqlite' ? 1 : 4 },
  );

  return {
    /**
     * Registers a person for an event, durably, exactly once per (event, email): a second
     * registration with the same email returns the first one and its join link, even when
     * both arrive at the same time. The contact (one per email, across events) is created
     * or refreshed with the latest details in the same transaction.
     */
    async register(event: EventRow, input: RegistrationInput, ctx: RegistrationContext) {
      if (event.status === 'draft') throw new AppError('NOT_FOUND', 'Event not found');
      const found = await existing(event.id, input.email);
      if (found) return { registration: found, created: false };

      const at = clock.now().toISOString();
      const utm = Object.fromEntries(utmKeys.filter((k) => input[k]).map((k) => [k, input[k]]));
      const registration: RegistrationRow = {
        id: newId(),
        event_id: event.id,
        contact_id: '',
        email: input.email,
        name: input.name,
        phone: input.phone,
        company: input.company,
        job_title: input.job_title || null,
        join_token: newSecretToken(),
        status: 'active',
        locale: ctx.locale,
        consent_text: ctx.consentText,
        consent_version: event.consent_version,
        consented_at: at,
        channel: input.channel || null,
        referred_by: null,
        utm: Object.keys(utm).length ? JSON.stringify(utm) : null,
        user_agent: ctx.userAgent?.slice(0, 300) ?? null,
        created_at: at,
        updated_at: at,
      };
      const inserted = await insert({ registration, at });
      if (inserted) return { registration, created: true };
      // Lost a race with an identical registration: return the one that won.
      const winner = await existing(event.id, input.email);
      if (!winner) throw new AppError('INTERNAL', 'Registration could not be read back');
      return { registration: winner, created: false };
    },

    /** A registration (any status) with its event, or undefined. */
    async getWithEvent(id: string) {
      return withEvent((await byId(db, { id })).rows[0]);
    },

    /** Revokes (the join link stops working) or restores a registration; audit-logged. */
    async setStatus(
      actor: Actor,
      eventId: string,
      id: string,
      status: RegistrationRow['status'],
    ): Promise<RegistrationRow> {
      const result = await db
        .updateTable('registrations')
        .set({ status, updated_at: clock.now().toISOString() })
        .where('id', '=', id)
        .where('event_id', '=', eventId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw notFound('Registration');
      await recordAudit(db, clock, {
        ...actor,
        action: `registration.${status === 'revoked' ? 'revoked' : 'restored'}`,
        targetType: 'registration',
        targetId: id,
      });
      return db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    },

    /** The active registration behind a personal join link, with its event. */
    async findByJoinToken(token: string) {
      if (!token || token.length > 100) return undefined;
      return withEvent(
        await db
          .selectFrom('registrations')
          .selectAll()
          .where('join_token', '=', token)
          .where('status', '=', 'active')
          .executeTakeFirst(),
      );
    },

    async list(
      eventId: string,
      query: {
        q?: string;
        sort: (typeof sortColumns)[number];
        order: 'asc' | 'desc';
        page: number;
        page_size: number;
      },
    ) {
      let base = db.selectFrom('registrations').where('event_id', '=', eventId);
      if (query.q) {
        const like = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        base = base.where((eb) =>
          eb.or(
            (['name', 'email', 'company', 'phone'] as const).map((c) =>
              eb(eb.fn('lower', [c]), 'like', like),
            ),
          ),
        );
      }
      const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      const rows = await base
        .selectAll()
        .orderBy(query.sort === 'created_at' ? 'id' : query.sort, query.order)
        .orderBy('id', query.order)
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
        .execute();
      return { rows, total: Number(total?.n ?? 0) };
    },

    /** Every registration of an event, oldest first, in pages so memory stays flat for big events. */
    async *all(eventId: string, pageSize = 1000): AsyncGenerator<RegistrationRow[]> {
      let after = '';
      for (;;) {
        const rows = await db
          .selectFrom('registrations')
          .selectAll()
          .where('event_id', '=', eventId)
          .where('id', '>', after)
          .orderBy('id')
          .limit(pageSize)
          .execute();
        if (rows.length === 0) return;
        yield rows;
        after = rows[rows.length - 1]!.id;
      }
    },
  };
}
