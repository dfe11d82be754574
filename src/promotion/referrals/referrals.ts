import { createHmac } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../../audit/audit.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { installSecret } from '../../db/secrets.js';
import { notFound } from '../../errors.js';
import type { Actor, EventRow } from '../../events/events.js';
import { newSecretToken } from '../../ids.js';
import { gateProgress, judgeReferral } from './rules.js';
import type { RewardKind } from './tables.js';

export type Referrals = ReturnType<typeof createReferrals>;
export type GateRow = Database['referral_gates'];

/** Who is registering through a personal link, as the registration's transaction needs it. */
export interface ReferralTouch {
  referrerId: string;
  referrerContactId: string;
  referrerEmail: string;
  ipKey: string;
  deviceKey: string;
  browserContactId?: string;
}

/** What the request tells about the registering browser (kept only as keyed hashes). */
export interface Visitor {
  ip: string;
  userAgent?: string;
  acceptLanguage?: string;
  /** The contact whose signed cookie the browser carries (src/leads/forms), if any. */
  browserContactId?: string;
}

export interface GateInput {
  goal: number;
  reward_kind: RewardKind;
  offer_id?: string | null;
  reward_text?: string | null;
  leaderboard_in_room: boolean;
}

const HASH_SECRET_KEY = 'referrals.hash_secret';
/** 80 random bits: short enough to share, far too many to guess. */
const CODE_BYTES = 10;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createReferrals(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  let secret: Promise<string> | undefined;
  const hashSecret = () => {
    secret ??= installSecret(db, HASH_SECRET_KEY);
    return secret;
  };
  const keyed = async (kind: string, value: string) =>
    createHmac('sha256', await hashSecret())
      .update(`${kind}:${value}`)
      .digest('base64url')
      .slice(0, 22);

  /** The emails of an event's registrations that could be `email`'s mailbox written another way. */
  const lookalikes = (trx: Kysely<Database>, eventId: string, email: string) => {
    const at = email.lastIndexOf('@');
    const domain = email.slice(at + 1);
    const domains =
      domain === 'gmail.com' || domain === 'googlemail.com' ? ['gmail.com', 'googlemail.com'] : [domain];
    return trx
      .selectFrom('registrations')
      .select('email')
      .where('event_id', '=', eventId)
      .where((eb) =>
        eb.or(
          domains.map((d) =>
            eb(
              'email',
              'like',
              sql<string>`${`${likeEscape(email[0] ?? '')}%@${likeEscape(d)}`} escape '\\'`,
            ),
          ),
        ),
      )
      .limit(200)
      .execute();
  };

  const countedFor = async (registrationId: string) =>
    Number(
      (
        await db
          .selectFrom('referrals')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('referrer_id', '=', registrationId)
          .where('counted', '=', 1)
          .executeTakeFirst()
      )?.n ?? 0,
    );

  const getGate = (eventId: string) =>
    db.selectFrom('referral_gates').selectAll().where('event_id', '=', eventId).executeTakeFirst();

  return {
    /** The registrant's invitation code, made the first time it is asked for. */
    async codeFor(registration: { id: string; event_id: string }): Promise<string> {
      const found = await db
        .selectFrom('referral_links')
        .select('code')
        .where('registration_id', '=', registration.id)
        .executeTakeFirst();
      if (found) return found.code;
      await db
        .insertInto('referral_links')
        .values({
          registration_id: registration.id,
          event_id: registration.event_id,
          code: newSecretToken(CODE_BYTES),
          created_at: clock.now().toISOString(),
        })
        .onConflict((oc) => oc.column('registration_id').doNothing())
        .execute();
      return (
        await db
          .selectFrom('referral_links')
          .select('code')
          .where('registration_id', '=', registration.id)
          .executeTakeFirstOrThrow()
      ).code;
    },

    /** The active registration (and its event's slug) behind an invitation code. */
    async findByCode(code: unknown) {
      if (typeof code !== 'string' || !code || code.length > 40) return undefined;
      return db
        .selectFrom('referral_links')
        .innerJoin('registrations', 'registrations.id', 'referral_links.registration_id')
        .innerJoin('events', 'events.id', 'referral_links.event_id')
        .select([
          'registrations.id as registration_id',
          'registrations.contact_id',
          'registrations.email',
          'registrations.name',
          'events.id as event_id',
          'events.slug',
          'events.status',
        ])
        .where('referral_links.code', '=', code)
        .where('registrations.status', '=', 'active')
        .executeTakeFirst();
    },

    /**
     * A registration for `event` arriving with invitation code `code`: who referred it and
     * the keyed hashes of its address and device. Undefined for an unknown code or one of
     * another event (the registration then simply has no referrer).
     */
    async touch(event: EventRow, code: unknown, visitor: Visitor): Promise<ReferralTouch | undefined> {
      const link = await this.findByCode(code);
      if (!link || link.event_id !== event.id) return undefined;
      return {
        referrerId: link.registration_id,
        referrerContactId: link.contact_id,
        referrerEmail: link.email,
        ipKey: await keyed('ip', visitor.ip),
        deviceKey: await keyed(
          'device',
          `${visitor.ip}\n${visitor.userAgent ?? ''}\n${visitor.acceptLanguage ?? ''}`,
        ),
        browserContactId: visitor.browserContactId,
      };
    },

    /**
     * What a registration through invitation code `code` carries into its transaction
     * (src/leads/forms `referral`): the referrer, and the referral row written with it.
     */
    async forRegistration(event: EventRow, code: unknown, visitor: Visitor) {
      const touch = await this.touch(event, code, visitor);
      return (
        touch && {
          referredBy: touch.referrerId,
          onCreated: (trx: Kysely<Database>, registration: Database['registrations']) =>
            this.record(trx, registration, touch),
        }
      );
    },

    /**
     * Records a new registration's referral in the registration's own transaction, judged by
     * the anti-abuse rules (rules.ts) against what this referrer's link brought before.
     */
    async record(trx: Kysely<Database>, registration: Database['registrations'], touch: ReferralTouch) {
      const earlier = await trx
        .selectFrom('referrals')
        .innerJoin('registrations', 'registrations.id', 'referrals.registration_id')
        .select([
          'referrals.device_key',
          'referrals.ip_key',
          'referrals.counted',
          'referrals.created_at',
          'registrations.contact_id',
        ])
        .where('referrals.referrer_id', '=', touch.referrerId)
        .execute();
      const verdict = judgeReferral({
        referrer: { contactId: touch.referrerContactId, email: touch.referrerEmail },
        referred: { contactId: registration.contact_id, email: registration.email },
        browserContactId: touch.browserContactId,
        otherEmails: (await lookalikes(trx, registration.event_id, registration.email)).map((r) => r.email),
        earlier,
        earlierContactIds: earlier.map((r) => r.contact_id),
        deviceKey: touch.deviceKey,
        ipKey: touch.ipKey,
        at: registration.created_at,
      });
      await trx
        .insertInto('referrals')
        .values({
          registration_id: registration.id,
          event_id: registration.event_id,
          referrer_id: touch.referrerId,
          counted: verdict.counted ? 1 : 0,
          reason: verdict.reason,
          ip_key: touch.ipKey,
          device_key: touch.deviceKey,
          created_at: registration.created_at,
        })
        .execute();
    },

    /** Counted referrals of one registrant (what they are shown: never the uncounted ones). */
    countedFor,

    /** The event's gate and this registrant's way to it; undefined when the event has no gate. */
    async progress(registration: { id: string; event_id: string }) {
      const gate = await getGate(registration.event_id);
      if (!gate) return undefined;
      return { gate, ...gateProgress(await countedFor(registration.id), gate.goal) };
    },

    getGate,

    async setGate(actor: Actor, eventId: string, input: GateInput): Promise<GateRow> {
      const row: GateRow = {
        event_id: eventId,
        goal: input.goal,
        reward_kind: input.reward_kind,
        offer_id: input.reward_kind === 'offer' ? (input.offer_id ?? null) : null,
        reward_text: input.reward_text ?? null,
        leaderboard_in_room: input.leaderboard_in_room ? 1 : 0,
        updated_by: actor.actorType === 'user' ? actor.actorId : null,
        updated_at: clock.now().toISOString(),
      };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('referral_gates')
          .values(row)
          .onConflict((oc) =>
            oc.column('event_id').doUpdateSet({
              goal: row.goal,
              reward_kind: row.reward_kind,
              offer_id: row.offer_id,
              reward_text: row.reward_text,
              leaderboard_in_room: row.leaderboard_in_room,
              updated_by: row.updated_by,
              updated_at: row.updated_at,
            }),
          )
          .execute();
        await recordAudit(trx, clock, {
          ...actor,
          action: 'referral_gate.saved',
          targetType: 'event',
          targetId: eventId,
          details: { goal: row.goal, reward_kind: row.reward_kind },
        });
      });
      return row;
    },

    async deleteGate(actor: Actor, eventId: string) {
      const result = await db.deleteFrom('referral_gates').where('event_id', '=', eventId).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw notFound('Referral gate');
      await recordAudit(db, clock, {
        ...actor,
        action: 'referral_gate.deleted',
        targetType: 'event',
        targetId: eventId,
      });
    },

    /** Top referrers of an event by counted referrals, with what did not count beside. */
    async leaderboard(eventId: string, limit = 20) {
      const rows = await db
        .selectFrom('referrals')
        .innerJoin('registrations', 'registrations.id', 'referrals.referrer_id')
        .select((eb) => [
          'referrals.referrer_id',
          'registrations.name',
          'registrations.email',
          'registrations.company',
          eb.fn.sum<number>('referrals.counted').as('counted'),
          eb.fn.countAll<number>().as('total'),
          eb.fn.min('referrals.created_at').as('first_at'),
        ])
        .where('referrals.event_id', '=', eventId)
        .groupBy([
          'referrals.referrer_id',
          'registrations.name',
          'registrations.email',
          'registrations.company',
        ])
        .orderBy('counted', 'desc')
        .orderBy('first_at', 'asc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        registration_id: r.referrer_id,
        name: r.name,
        email: r.email,
        company: r.company,
        counted: Number(r.counted),
        not_counted: Number(r.total) - Number(r.counted),
      }));
    },

    /** How many referrals an event had, counted and not, and why not. */
    async summary(eventId: string) {
      const rows = await db
        .selectFrom('referrals')
        .select((eb) => ['reason', eb.fn.countAll<number>().as('n')])
        .where('event_id', '=', eventId)
        .groupBy('reason')
        .execute();
      const not_counted = { self: 0, same_person: 0, same_device: 0, ip_burst: 0 };
      let counted = 0;
      for (const r of rows) {
        if (r.reason === null) counted += Number(r.n);
        else not_counted[r.reason] += Number(r.n);
      }
      return { counted, not_counted };
    },
  };
}

/** The registering browser as the request shows it. */
export function visitorOf(
  req: { ip: string; headers: Record<string, string | string[] | undefined> },
  browserContactId?: string,
): Visitor {
  const header = (name: string) => {
    const v = req.headers[name];
    return typeof v === 'string' ? v.slice(0, 300) : undefined;
  };
  return {
    ip: req.ip,
    userAgent: header('user-agent'),
    acceptLanguage: header('accept-language'),
    browserContactId,
  };
}
