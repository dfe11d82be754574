import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import { batchLoader } from '../db/batch-load.js';
import type { Dialect } from '../db/database.js';
import { groupCommitBatch } from '../db/group-commit.js';
import { prepareQuery } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import type { Actor, EventRow } from '../events/events.js';
import { newId, newSecretToken } from '../ids.js';
import type { Jobs } from '../jobs/jobs.js';
import { withoutControlChars } from '../validation.js';
import { CONFIRMATION_JOB, confirmationKey } from './confirmation-mail.js';
import type { RegistrationInput, sortColumns } from './schemas.js';

export type RegistrationRow = Database['registrations'];
export type Registrations = ReturnType<typeof createRegistrations>;

export interface RegistrationContext {
  locale: string;
  consentText: string;
  userAgent?: string;
  /**
   * Writes what belongs with a new registration (the form's answers) in its transaction:
   * a registration is never stored without them. Not called for a repeat.
   */
  onCreated?: (trx: Kysely<Database>, registration: RegistrationRow) => Promise<void>;
  /** The registration whose personal invitation link brought this one (src/promotion/referrals). */
  referredBy?: string;
  /**
   * Where the person came from, as the promotion module worked it out from the request
   * (`promotion.attribution`): it replaces the channel and UTM fields of the input.
   */
  attribution?: RegistrationAttribution;
}

/** A registration's first touch: the credited channel (id), its UTM values and the visitor. */
export interface RegistrationAttribution {
  channel: string | null;
  utm: Record<string, string> | null;
  visitor: string | null;
  firstTouchAt: string | null;
}

/** A repeat registration re-sends the confirmation at most once per window (per person and event). */
export const RESEND_WINDOW_MS = 10 * 60_000;

const utmKeys = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const;

export function createRegistrations(deps: {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  jobs: Jobs;
  /** The events service's short-lived lookup (every confirmation email reads its event). */
  eventOf: (id: string) => Promise<EventRow | undefined>;
  /** Told of each new registration (lead scoring notes it; it must not block). */
  onRegistered?: (registrationId: string) => void;
  /**
   * New registrations, in the transaction that writes them (the webhooks record their
   * `registration.created` deliveries there): they commit together.
   */
  onCreated?: (trx: Kysely<Database>, registrations: RegistrationRow[]) => Promise<void>;
}) {
  const { db, clock, jobs, eventOf } = deps;

  // The registration path is the hottest write in LeadCast (a campaign email goes out and
  // thousands register within minutes), so its queries are compiled once.
  const findExisting = prepareQuery(db, (p) =>
    db.selectFrom('registrations').selectAll().where('event_id', '=', p.eventId).where('email', '=', p.email),
  );
  // Read once per confirmation email; the job thread sends them in batches, so the reads
  // of one batch are one query.
  const byId = batchLoader(async (ids: string[]) => {
    const rows = await db.selectFrom('registrations').selectAll().where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r]));
  });
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
   * Queues the confirmation email again for a person who registered a second time: the link
   * goes to the inbox of the address, never to whoever typed it. At most one per window
   * (the job's idempotency key names the window), and none within the window after the
   * first email: a double submit sends one email.
   */
  const resendConfirmation = async (registration: RegistrationRow, at: string) => {
    const now = Date.parse(at);
    if (registration.status !== 'active') return;
    if (now - Date.parse(registration.created_at) < RESEND_WINDOW_MS) return;
    const window = Math.floor(now / RESEND_WINDOW_MS);
    await jobs.enqueue(
      db,
      CONFIRMATION_JOB,
      { registration_id: registration.id, again: window },
      { idempotencyKey: confirmationKey(registration.id, window) },
    );
  };

  /**
   * Writes a batch of new registrations (registrations arriving together share one
   * transaction, see groupCommitBatch) in a few multi-row statements: the ones that already
   * exist are looked up, the contacts are created or refreshed, the registrations inserted
   * and their confirmation-email jobs queued — a registration never exists without its
   * email. For each item: the registration that now stands for it and whether this item
   * created it, or undefined when an identical registration written elsewhere won the race.
   */
  const insert = groupCommitBatch(
    db,
    async (
      trx,
      items: { registration: RegistrationRow; at: string; onCreated?: RegistrationContext['onCreated'] }[],
    ) => {
      const key = (r: { event_id: string; email: string }) => `${r.event_id}\n${r.email}`;
      const found = new Map<string, RegistrationRow>();
      for (const row of await trx
        .selectFrom('registrations')
        .selectAll()
        .where('event_id', 'in', [...new Set(items.map((i) => i.registration.event_id))])
        .where('email', 'in', [...new Set(items.map((i) => i.registration.email))])
        .execute())
        found.set(key(row), row);
      // The first of several identical registrations in the batch is the one written.
      const fresh = new Map<string, (typeof items)[number]>();
      for (const item of items) {
        const k = key(item.registration);
        if (!found.has(k) && !fresh.has(k)) fresh.set(k, item);
      }
      if (fresh.size > 0) {
        // One contact per email across events: the latest details win; a detail this form did
        // not ask (null) keeps what the contact told us before.
        const contacts = new Map<string, Database['contacts']>();
        for (const { registration: r, at } of fresh.values())
          contacts.set(r.email, {
            id: newId(),
            email: r.email,
            name: r.name,
            phone: r.phone,
            company: r.company,
            job_title: r.job_title,
            created_at: at,
            updated_at: at,
          });
        const contactIds = new Map<string, string>();
        for (const c of await trx
          .insertInto('contacts')
          .values([...contacts.values()])
          .onConflict((oc) =>
            oc.column('email').doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              phone: eb.fn.coalesce('excluded.phone', 'contacts.phone'),
              company: eb.fn.coalesce('excluded.company', 'contacts.company'),
              job_title: eb.fn.coalesce('excluded.job_title', 'contacts.job_title'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .returning(['id', 'email'])
          .execute())
          contactIds.set(c.email, c.id);
        const rows = [...fresh.values()].map(({ registration }) => {
          registration.contact_id = contactIds.get(registration.email)!;
          return registration;
        });
        const inserted = await trx
          .insertInto('registrations')
          .values(rows)
          .onConflict((oc) => oc.columns(['event_id', 'email']).doNothing())
          .returning('id')
          .execute();
        const insertedIds = new Set(inserted.map((r) => r.id));
        if (deps.onCreated && insertedIds.size > 0)
          await deps.onCreated(
            trx,
            rows.filter((r) => insertedIds.has(r.id)),
          );
        for (const item of fresh.values())
          if (insertedIds.has(item.registration.id)) await item.onCreated?.(trx, item.registration);
        await jobs.enqueueMany(
          trx,
          rows
            .filter((r) => insertedIds.has(r.id))
            .map((r) => ({
              type: CONFIRMATION_JOB,
              payload: { registration_id: r.id },
              options: { idempotencyKey: `${CONFIRMATION_JOB}:${r.id}` },
            })),
        );
        for (const r of rows) if (insertedIds.has(r.id)) found.set(key(r), r);
      }
      return items.map(({ registration }) => {
        const standing = found.get(key(registration));
        return standing && { registration: standing, created: standing === registration };
      });
    },
    { maxBatch: 64, concurrency: deps.dialect === 'sqlite' ? 1 : 4 },
  );

  return {
    /**
     * Registers a person for an event, durably, exactly once per (event, email): a second
     * registration with the same email returns the first one (`created: false`), even when
     * both arrive at the same time, and emails its link again (resendConfirmation); callers
     * must not show that registration's link, since whoever registers again may not own the
     * address. The contact (one per email, across events) is created or refreshed with the
     * latest details in the same transaction.
     */
    async register(event: EventRow, input: RegistrationInput, ctx: RegistrationContext) {
      if (event.status === 'draft') throw new AppError('NOT_FOUND', 'Event not found');
      const at = clock.now().toISOString();
      const source = ctx.attribution;
      const utm = source
        ? (source.utm ?? {})
        : Object.fromEntries(utmKeys.filter((k) => input[k]).map((k) => [k, input[k]]));
      const registration: RegistrationRow = {
        // The id carries the same instant as created_at, so either sorts the same way.
        id: newId(Date.parse(at)),
        event_id: event.id,
        contact_id: '',
        email: input.email,
        name: input.name,
        phone: input.phone || null,
        company: input.company || null,
        job_title: input.job_title || null,
        join_token: newSecretToken(),
        status: 'active',
        locale: ctx.locale,
        consent_text: ctx.consentText,
        consent_version: event.consent_version,
        consented_at: at,
        channel: source ? source.channel : input.channel || null,
        referred_by: ctx.referredBy ?? null,
        utm: Object.keys(utm).length ? JSON.stringify(utm) : null,
        visitor_id: source?.visitor ?? null,
        first_touch_at: source?.firstTouchAt ?? null,
        user_agent: ctx.userAgent ? withoutControlChars(ctx.userAgent).slice(0, 300) : null,
        created_at: at,
        updated_at: at,
      };
      const written = await insert({ registration, at, onCreated: ctx.onCreated });
      if (written?.created) {
        deps.onRegistered?.(written.registration.id);
        return written;
      }
      // Already registered, or lost a race with an identical registration written elsewhere.
      const standing = written?.registration ?? (await existing(event.id, input.email));
      if (!standing) throw new AppError('INTERNAL', 'Registration could not be read back');
      await resendConfirmation(standing, at);
      return { registration: standing, created: false };
    },

    /** A registration (any status) with its event, or undefined. */
    async getWithEvent(id: string) {
      return withEvent(await byId(id));
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
        channel?: string;
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
      if (query.channel)
        base =
          query.channel === 'none'
            ? base.where('channel', 'is', null)
            : base.where('channel', '=', query.channel);
      const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      const rows = await base
        .selectAll()
        // By time, then id: ids made before they sorted as text (see src/ids.ts) are still here.
        .orderBy(query.sort, query.order)
        .orderBy('id', query.order)
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
        .execute();
      return { rows, total: Number(total?.n ?? 0) };
    },

    /** Every registration of an event, oldest first, in pages so memory stays flat for big events. */
    async *all(eventId: string, pageSize = 1000): AsyncGenerator<RegistrationRow[]> {
      let after: { created_at: string; id: string } | undefined;
      for (;;) {
        let page = db.selectFrom('registrations').selectAll().where('event_id', '=', eventId);
        if (after) {
          const { created_at, id } = after;
          page = page.where((eb) =>
            eb.or([
              eb('created_at', '>', created_at),
              eb.and([eb('created_at', '=', created_at), eb('id', '>', id)]),
            ]),
          );
        }
        const rows = await page.orderBy('created_at').orderBy('id').limit(pageSize).execute();
        if (rows.length === 0) return;
        yield rows;
        after = rows[rows.length - 1]!;
      }
    },
  };
}
