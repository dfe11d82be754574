/**
 * Facts LeadCast can see for itself that show an SOP task is done. Each check reads what
 * another domain already records and returns a short note when the fact holds. The
 * registry is open: channels (tracking links) and leads (MQL assignment) register their
 * checks when those domains land; until then those keys have no check and the task is
 * ticked by people.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EvidenceKey } from '../tables.js';

/** Resolves to a note ("3 speakers added") when the fact holds, or null. */
export type EvidenceCheck = (eventId: string) => Promise<string | null>;

export class EvidenceRegistry {
  private readonly checks = new Map<EvidenceKey, EvidenceCheck>();

  register(key: EvidenceKey, check: EvidenceCheck): this {
    this.checks.set(key, check);
    return this;
  }

  /** True when LeadCast can check this key itself. */
  has(key: EvidenceKey | null): key is EvidenceKey {
    return key !== null && this.checks.has(key);
  }

  check(key: EvidenceKey, eventId: string): Promise<string | null> {
    const check = this.checks.get(key);
    return check ? check(eventId) : Promise.resolve(null);
  }
}

/**
 * The checks built on facts that exist today: the event row (cover, status), its speakers,
 * and the live stream row (live windows, replay). `isPublishing` tells whether an encoder
 * is sending to the event's studio right now (the request thread's live service knows;
 * the job thread does not, and then only a stream that went live counts as received).
 */
export function defaultEvidence(deps: {
  db: Kysely<Database>;
  isPublishing?: (eventId: string) => boolean;
}): EvidenceRegistry {
  const { db } = deps;
  const event = (id: string) =>
    db.selectFrom('events').select(['status', 'cover_file_id']).where('id', '=', id).executeTakeFirst();
  const stream = (id: string) =>
    db
      .selectFrom('live_streams')
      .select(['live_windows', 'replay_status'])
      .where('event_id', '=', id)
      .executeTakeFirst();
  const wentLive = (status: string | undefined) =>
    status === 'live' || status === 'ended' || status === 'on_demand';
  return new EvidenceRegistry()
    .register('cover_uploaded', async (id) =>
      (await event(id))?.cover_file_id ? 'Cover image uploaded' : null,
    )
    .register('speakers_added', async (id) => {
      const row = await db
        .selectFrom('speakers')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('event_id', '=', id)
        .executeTakeFirst();
      const n = Number(row?.n ?? 0);
      return n > 0 ? `${n} speaker${n === 1 ? '' : 's'} added` : null;
    })
    .register('event_published', async (id) => {
      const status = (await event(id))?.status;
      return status && status !== 'draft' ? `Event published (${status})` : null;
    })
    .register('rehearsal_received', async (id) => {
      const status = (await event(id))?.status;
      if (status === 'scheduled' && deps.isPublishing?.(id)) return 'The studio is receiving a test stream';
      const windows = (await stream(id))?.live_windows;
      return windows && windows !== '[]' ? 'The studio received the stream' : null;
    })
    .register('event_live', async (id) =>
      wentLive((await event(id))?.status) ? 'The event went live' : null,
    )
    .register('replay_ready', async (id) =>
      (await stream(id))?.replay_status === 'ready' ? 'The replay is ready' : null,
    );
}
