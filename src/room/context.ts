import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/accounts.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';
import type { RoomEnvelope } from './bus.js';
import type { InteractionType } from './tables.js';

/** Who is connected: a registered viewer, an anonymous viewer of an open event, or staff. */
export interface Viewer {
  viewerId: string;
  registrationId: string | null;
  contactId: string | null;
  displayName: string;
  /** Anonymous viewers: keyed hash of address and browser (src/moderation/client-key.ts); null otherwise. */
  clientKey: string | null;
  /** Staff signed in with a session; `actor` is set for them. */
  actor: Actor | null;
  canModerate: boolean;
}

/** What every room operation needs: the database, time, and a way to tell the room. */
export interface RoomDeps {
  db: Kysely<Database>;
  clock: Clock;
  publish(envelope: RoomEnvelope): void;
  /** A poll got votes: its results are recomputed and published once per short interval. */
  touchPoll(eventId: string, pollId: string): void;
  /** A registered viewer has a new fact (an interaction, watch time): lead scoring batches these. */
  noteFact(registrationId: string | null): void;
  /**
   * A registered viewer took an offer: called in the transaction that records the fact
   * (the webhooks publish `offer.downloaded` there).
   */
  onOfferDownloaded?: (trx: Kysely<Database>, download: OfferDownload) => Promise<void>;
  /**
   * An offer with an uploaded file is handed out through the registration's own offer link
   * (src/leads/offers), which records the download when it is fetched: the link, or
   * undefined for viewers without a registration.
   */
  offerLink?: (offerId: string, registrationId: string) => Promise<string | undefined>;
}

export interface OfferDownload {
  eventId: string;
  registrationId: string;
  contactId: string | null;
  offer: { id: string; title: string; url: string };
  at: string;
}

export interface CommandContext {
  deps: RoomDeps;
  eventId: string;
  viewer: Viewer;
}

export const nowIso = (deps: RoomDeps) => deps.clock.now().toISOString();
export const newRowId = (deps: RoomDeps) => newId(deps.clock.now().getTime());

/** Appends a per-registration fact (staff actions are not viewer interactions). */
export async function recordInteraction(
  db: Kysely<Database>,
  ctx: CommandContext,
  type: InteractionType,
  payload: Record<string, unknown>,
): Promise<void> {
  if (ctx.viewer.actor) return;
  await db
    .insertInto('room_interactions')
    .values({
      id: newRowId(ctx.deps),
      event_id: ctx.eventId,
      registration_id: ctx.viewer.registrationId,
      viewer_id: ctx.viewer.viewerId,
      type,
      payload: JSON.stringify(payload),
      at: nowIso(ctx.deps),
    })
    .execute();
  ctx.deps.noteFact(ctx.viewer.registrationId);
}

/** Unique-constraint violations on SQLite and PostgreSQL, so a second vote is a clear CONFLICT. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}
