import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { type Figure, unavailable } from '../../analytics/sources/figure.js';
import type { EventVisits } from '../../analytics/sources/visits.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import type { EventRow } from '../../events/events.js';
import { newId, newSecretToken } from '../../ids.js';
import type { Channels } from '../channels/channels.js';
import { isChannelCode } from '../channels/code.js';
import { type Utm, utmFrom } from '../channels/link.js';
import { asksNotToTrack, isAutomated, VISITOR_COOKIE, VISITOR_MAX_AGE_S, visitorIdOf } from './visitor.js';

export type Visits = ReturnType<typeof createVisits>;

/** A landing view not yet written: the slug and code are resolved when the batch is written. */
interface PendingVisit {
  slug: string;
  code: string | null;
  visitor: string | null;
  utm: Utm;
  at: string;
}

/** A visit that can credit a channel, as attribution reads it. */
export interface Touch {
  channelId: string;
  utm: Utm;
  at: string;
}

const NO_VIEWS_YET = unavailable(
  'promotion_visits',
  'No landing-page views have been recorded for this event yet',
);

const FLUSH_MS = 1000;
const FLUSH_AT = 500;
/** While the database refuses writes, at most this many views wait; older ones are dropped. */
const PENDING_MAX = 20_000;

/**
 * Landing-page views, the facts behind "views" and "unique visitors" per channel. Noting a
 * view costs the landing page (the hottest public path) an array push: views are written in
 * one multi-row insert a second, so a crash loses at most a second of view counts — never a
 * registration, whose attribution is written in its own transaction.
 */
export function createVisits(deps: {
  db: Kysely<Database>;
  clock: Clock;
  channels: Pick<Channels, 'resolve'>;
  eventBySlug: (slug: string) => Promise<EventRow | undefined>;
  secureCookies: boolean;
  logger?: FastifyBaseLogger;
}) {
  const { db, clock, channels, eventBySlug } = deps;
  let pending: PendingVisit[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  /** The channel a view credits: its code resolves to an attributing channel of this very event. */
  async function creditedChannel(slug: string, code: string | null): Promise<string | null> {
    if (!code) return null;
    const target = await channels.resolve(code);
    return target.kind === 'channel' && target.slug === slug ? (target.channelId ?? null) : null;
  }

  async function write(batch: PendingVisit[]) {
    const rows: Database['promotion_visits'][] = [];
    for (const v of batch) {
      const event = await eventBySlug(v.slug);
      if (!event || event.status === 'draft') continue;
      rows.push({
        id: newId(Date.parse(v.at)),
        event_id: event.id,
        channel_id: await creditedChannel(v.slug, v.code),
        visitor_id: v.visitor,
        utm: Object.keys(v.utm).length ? JSON.stringify(v.utm) : null,
        created_at: v.at,
      });
    }
    // Chunks keep a statement under SQLite's and PostgreSQL's parameter limits.
    for (let i = 0; i < rows.length; i += 1000)
      await db
        .insertInto('promotion_visits')
        .values(rows.slice(i, i + 1000))
        .execute();
  }

  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    writing = writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await write(batch);
      } catch (err) {
        deps.logger?.error({ err }, 'promotion: landing views could not be written; kept for the next try');
        pending = [...batch, ...pending].slice(-PENDING_MAX);
        schedule();
      }
    });
    return writing;
  }

  function schedule() {
    if (pending.length >= FLUSH_AT) void flush();
    else if (!timer) timer = setTimeout(() => void flush(), FLUSH_MS).unref();
  }

  return {
    flush,

    /**
     * Notes a landing-page view of `slug` (the channel code and UTM from its query string)
     * and gives a new browser its visitor id — unless it sends DNT or Sec-GPC: then the view
     * is counted without an id and no cookie is set. HEAD requests, link previews and crawlers
     * are not views.
     */
    noteView(req: FastifyRequest, reply: FastifyReply, slug: string) {
      if (req.method !== 'GET' || isAutomated(req.headers['user-agent'])) return;
      const query = (req.query ?? {}) as Record<string, unknown>;
      let visitor: string | null = null;
      if (!asksNotToTrack(req.headers)) {
        visitor = visitorIdOf(req.cookies[VISITOR_COOKIE]) ?? null;
        if (!visitor) {
          visitor = newSecretToken(16);
          reply.setCookie(VISITOR_COOKIE, visitor, {
            path: '/',
            httpOnly: true,
            sameSite: 'lax',
            secure: deps.secureCookies,
            maxAge: VISITOR_MAX_AGE_S,
          });
        }
      }
      pending.push({
        slug,
        code: isChannelCode(query.channel) ? query.channel : null,
        visitor,
        utm: utmFrom(query),
        at: clock.now().toISOString(),
      });
      schedule();
    },

    /**
     * The visitor's earliest view of the event that credits a channel still attributing:
     * written views, and the ones of this process not written yet.
     */
    async firstTouch(visitor: string, event: EventRow): Promise<Touch | undefined> {
      const written = await db
        .selectFrom('promotion_visits as v')
        .innerJoin('promotion_channels as c', 'c.id', 'v.channel_id')
        .select(['v.channel_id', 'v.utm', 'v.created_at'])
        .where('v.visitor_id', '=', visitor)
        .where('v.event_id', '=', event.id)
        .where((eb) => eb.or([eb('c.status', '=', 'active'), eb('c.keeps_attributing', '=', 1)]))
        .orderBy('v.created_at')
        .limit(1)
        .executeTakeFirst();
      let touch: Touch | undefined = written && {
        channelId: written.channel_id!,
        utm: written.utm ? (JSON.parse(written.utm) as Utm) : {},
        at: written.created_at,
      };
      for (const v of pending) {
        if (v.visitor !== visitor || v.slug !== event.slug || (touch && touch.at <= v.at)) continue;
        const channelId = await creditedChannel(v.slug, v.code);
        if (channelId) touch = { channelId, utm: v.utm, at: v.at };
      }
      return touch;
    },

    perChannel,

    /**
     * The analytics port (src/analytics/sources/visits.ts): views in total and per channel.
     * An event without a single recorded view says so rather than reporting 0 visits as a
     * fact (its registrations may come from before tracking, or from an import).
     */
    async forEvent(eventId: string): Promise<Figure<EventVisits>> {
      const per = await perChannel(eventId);
      const byChannel = new Map([...per].map(([channel, { views }]) => [channel, views]));
      const total = [...byChannel.values()].reduce((a, b) => a + b, 0);
      if (total === 0) return NO_VIEWS_YET;
      return { available: true, value: { total, byChannel } };
    },

    /** The names of an event's channels by id (what `registrations.channel` holds). */
    async channelNames(eventId: string): Promise<Map<string, string>> {
      const rows = await db
        .selectFrom('promotion_channels')
        .select(['id', 'name'])
        .where('event_id', '=', eventId)
        .execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    /** Writes what is pending (at shutdown, and in tests instead of waiting a second). */
    stop: flush,
  };

  /** Views and unique visitors of an event per channel (`null` = no channel), from the facts. */
  async function perChannel(
    eventId: string,
  ): Promise<Map<string | null, { views: number; uniques: number }>> {
    await flush();
    const rows = await db
      .selectFrom('promotion_visits')
      .select((eb) => [
        'channel_id',
        eb.fn.countAll<number>().as('views'),
        eb.fn.count<number>('visitor_id').distinct().as('uniques'),
      ])
      .where('event_id', '=', eventId)
      .groupBy('channel_id')
      .execute();
    return new Map(rows.map((r) => [r.channel_id, { views: Number(r.views), uniques: Number(r.uniques) }]));
  }
}
