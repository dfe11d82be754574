import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { t } from '../i18n/index.js';
import { newId, newSecretToken } from '../ids.js';
import type { LiveService } from '../live/service.js';
import { ValidationFailed } from '../validation.js';
import { MAX_GUESTS } from './scene.js';
import type { IngestSource } from './tables.js';

export type GuestRow = Database['studio_guests'];
type AuditWho = { actorType: 'user' | 'token' | 'system'; actorId: string | null };

/** A live guest link with the speaker it stands for. */
export interface Guest {
  id: string;
  eventId: string;
  speakerId: string;
  name: string;
  title: string;
  company: string;
  token: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Which ingest an event streams from (no row: an RTMP encoder). */
export async function ingestSourceOf(db: Kysely<Database>, eventId: string): Promise<IngestSource> {
  const row = await db
    .selectFrom('studio_settings')
    .select('ingest_source')
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return row?.ingest_source ?? 'rtmp';
}

/**
 * The live service's publish gate: a publish through the ingest the event does not use is
 * refused with the reason the encoder or the studio page shows.
 */
export const publishGate =
  (db: Kysely<Database>) =>
  async (eventId: string, via: IngestSource): Promise<string | null> => {
    const source = await ingestSourceOf(db, eventId);
    if (source === via) return null;
    return t('en', via === 'rtmp' ? 'studio.refused.rtmp' : 'studio.refused.studio');
  };

/**
 * The browser studio's records: guest links (bound to a speaker, at most four live ones,
 * revocable) and the event's ingest source. The signalling hub is told about revocations
 * so a revoked guest is cut at once.
 */
export class Studio {
  private readonly revokedListeners = new Set<(eventId: string, guestId: string) => void>();
  private readonly guestsChangedListeners = new Set<(eventId: string) => void>();

  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; live: LiveService }) {}

  onRevoked(listener: (eventId: string, guestId: string) => void) {
    this.revokedListeners.add(listener);
  }

  onGuestsChanged(listener: (eventId: string) => void) {
    this.guestsChangedListeners.add(listener);
  }

  private guestQuery() {
    return this.deps.db
      .selectFrom('studio_guests as g')
      .innerJoin('speakers as s', 's.id', 'g.speaker_id')
      .select([
        'g.id',
        'g.event_id as eventId',
        'g.speaker_id as speakerId',
        's.name',
        's.title',
        's.company',
        'g.token',
        'g.created_at as createdAt',
        'g.revoked_at as revokedAt',
      ]);
  }

  /** Every guest link of the event, newest first (revoked ones included, marked). */
  async listGuests(eventId: string): Promise<Guest[]> {
    await this.deps.live.events.get(eventId);
    return this.guestQuery().where('g.event_id', '=', eventId).orderBy('g.id', 'desc').execute();
  }

  /** Live (unrevoked) guest links of the event. */
  async activeGuests(eventId: string): Promise<Guest[]> {
    return this.guestQuery()
      .where('g.event_id', '=', eventId)
      .where('g.revoked_at', 'is', null)
      .orderBy('g.id')
      .execute();
  }

  /** The live guest link behind a token, or undefined (unknown or revoked). */
  async guestByToken(token: string): Promise<Guest | undefined> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
    return this.guestQuery()
      .where('g.token', '=', token)
      .where('g.revoked_at', 'is', null)
      .executeTakeFirst();
  }

  async speakerIds(eventId: string): Promise<Set<string>> {
    const rows = await this.deps.db
      .selectFrom('speakers')
      .select('id')
      .where('event_id', '=', eventId)
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  async speakers(eventId: string) {
    return this.deps.db
      .selectFrom('speakers')
      .select(['id', 'name', 'title', 'company'])
      .where('event_id', '=', eventId)
      .orderBy('position')
      .execute();
  }

  /** A new personal link for one of the event's speakers; refused beyond four live links. */
  async createGuest(eventId: string, speakerId: string, who: AuditWho): Promise<Guest> {
    await this.deps.live.events.get(eventId);
    if (!(await this.speakerIds(eventId)).has(speakerId))
      throw new ValidationFailed((locale) => ({ speaker_id: t(locale, 'studio.error.speaker') }));
    const id = newId(this.deps.clock.now().getTime());
    await this.deps.db.transaction().execute(async (trx) => {
      // Counted inside the write transaction so two quick invitations cannot make a fifth guest.
      const { n } = await trx
        .selectFrom('studio_guests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('event_id', '=', eventId)
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(n) >= MAX_GUESTS)
        throw new AppError('CONFLICT', t('en', 'studio.error.guest_limit', { max: MAX_GUESTS }));
      await trx
        .insertInto('studio_guests')
        .values({
          id,
          event_id: eventId,
          speaker_id: speakerId,
          token: newSecretToken(32),
          created_by: who.actorId,
          created_at: this.deps.clock.now().toISOString(),
          revoked_at: null,
        })
        .execute();
      await recordAudit(trx, this.deps.clock, {
        ...who,
        action: 'studio.guest_invited',
        targetType: 'event',
        targetId: eventId,
        details: { guest_id: id, speaker_id: speakerId },
      });
    });
    for (const listener of this.guestsChangedListeners) listener(eventId);
    return this.getGuest(eventId, id);
  }

  async getGuest(eventId: string, guestId: string): Promise<Guest> {
    const guest = await this.guestQuery()
      .where('g.event_id', '=', eventId)
      .where('g.id', '=', guestId)
      .executeTakeFirst();
    if (!guest) throw notFound('Guest link');
    return guest;
  }

  /** Revokes a link: it stops working at once and a connected guest is cut. Idempotent. */
  async revokeGuest(eventId: string, guestId: string, who: AuditWho): Promise<Guest> {
    const guest = await this.getGuest(eventId, guestId);
    if (guest.revokedAt) return guest;
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('studio_guests')
        .set({ revoked_at: this.deps.clock.now().toISOString() })
        .where('id', '=', guestId)
        .execute();
      await recordAudit(trx, this.deps.clock, {
        ...who,
        action: 'studio.guest_revoked',
        targetType: 'event',
        targetId: eventId,
        details: { guest_id: guestId },
      });
    });
    for (const listener of this.revokedListeners) listener(eventId, guestId);
    return this.getGuest(eventId, guestId);
  }

  async source(eventId: string): Promise<IngestSource> {
    await this.deps.live.events.get(eventId);
    return ingestSourceOf(this.deps.db, eventId);
  }

  /**
   * Switches the event between an RTMP encoder and the browser studio. Allowed before Go
   * live (rehearsal): the publisher of the other kind, if any, is cut so the new one can
   * publish at once. Refused while live (it would cut the audience's stream) and once over.
   */
  async setSource(eventId: string, source: IngestSource, who: AuditWho): Promise<IngestSource> {
    const event = await this.deps.live.events.get(eventId);
    if (event.status === 'live') throw new AppError('INVALID_STATE', t('en', 'studio.error.source_live'));
    if (event.status === 'ended' || event.status === 'on_demand')
      throw new AppError('INVALID_STATE', t('en', 'studio.error.source_over'));
    const current = await ingestSourceOf(this.deps.db, eventId);
    if (current === source) return source;
    const now = this.deps.clock.now().toISOString();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('studio_settings')
        .values({ event_id: eventId, ingest_source: source, updated_by: who.actorId, updated_at: now })
        .onConflict((oc) =>
          oc
            .column('event_id')
            .doUpdateSet({ ingest_source: source, updated_by: who.actorId, updated_at: now }),
        )
        .execute();
      await recordAudit(trx, this.deps.clock, {
        ...who,
        action: 'studio.source_changed',
        targetType: 'event',
        targetId: eventId,
        details: { from: current, to: source },
      });
    });
    await this.deps.live.session(eventId)?.stop(`ingest switched to ${source}`);
    return source;
  }
}
