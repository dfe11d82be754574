import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Accounts, Actor } from '../accounts/accounts.js';
import type { Database } from '../db/schema.js';
import { installSecret } from '../db/secrets.js';
import { AppError, notFound } from '../errors.js';
import { hasPermission, resolveActor } from '../http/guard.js';
import { newId } from '../ids.js';
import { clientKey } from '../moderation/client-key.js';
import { screenText } from '../moderation/screening.js';
import type { Viewer } from './context.js';

const SECRET_KEY = 'room.viewer_secret';

/** A signed-in teammate (or API token) in the room: their own viewer id, moderator if their role allows. */
export function staffViewer(actor: Actor): Viewer {
  return {
    viewerId: `user:${actor.kind === 'user' ? actor.user.id : actor.tokenId}`,
    registrationId: null,
    contactId: null,
    displayName: actor.kind === 'user' ? actor.user.name : actor.name,
    clientKey: null,
    actor,
    canModerate: hasPermission(actor, 'room:moderate'),
  };
}

/**
 * The key that signs anonymous viewer ids, shared by every process through the
 * settings table, so a viewer keeps their id (and their mutes) across reconnects.
 */
export function viewerSecret(db: Kysely<Database>): Promise<string> {
  return installSecret(db, SECRET_KEY);
}

const sign = (secret: string, id: string) =>
  createHmac('sha256', secret).update(id).digest('base64url').slice(0, 22);

/** `anon_…` id plus its signature: the anonymous viewer's proof of identity. */
export const viewerToken = (secret: string, id: string) => `${id}.${sign(secret, id)}`;

export function verifyViewerToken(secret: string, token: string | undefined): string | undefined {
  const [id, mac] = (token ?? '').split('.');
  if (!id?.startsWith('anon_') || !mac) return undefined;
  const expected = Buffer.from(sign(secret, id));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : undefined;
}

export const displayNameOf = (value: string | undefined) => {
  const name = (value ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim();
  return name.length >= 1 && name.length <= 40 ? name : undefined;
};

export interface ConnectQuery {
  token?: string;
  name?: string;
  viewer?: string;
}

/** Where a connection comes from, for anonymous viewers' client key. */
export interface ClientInfo {
  ip: string;
  userAgent?: string;
  acceptLanguage?: string;
}

/** A chosen display name goes through the chat screen: a name that would be held or blocked is refused. */
async function screenName(db: Kysely<Database>, eventId: string, name: string | undefined) {
  if (!name) return;
  const screened = await screenText(db, eventId, name);
  if (screened.action !== 'allow') {
    throw new AppError('VALIDATION_FAILED', 'Choose another display name', {
      fields: { name: 'This display name is not allowed in the chat' },
    });
  }
}

/**
 * Who is connecting to an event's room: the registration behind a join token, a
 * signed-in team member (session cookie), or, for open events, an anonymous viewer
 * with a chosen display name.
 */
export async function identify(
  deps: { db: Kysely<Database>; accounts: Accounts; secret: string },
  event: Database['events'],
  req: FastifyRequest,
  query: ConnectQuery,
  client: ClientInfo,
): Promise<{ viewer: Viewer; viewerToken?: string }> {
  const chosenName = displayNameOf(query.name);
  if (query.token) {
    const reg = await deps.db
      .selectFrom('registrations')
      .select(['id', 'contact_id', 'name'])
      .where('join_token', '=', query.token)
      .where('event_id', '=', event.id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!reg) throw new AppError('UNAUTHENTICATED', 'This join link is not valid for this event');
    await screenName(deps.db, event.id, chosenName);
    const viewer = {
      viewerId: reg.id,
      registrationId: reg.id,
      contactId: reg.contact_id,
      displayName: chosenName ?? reg.name,
      clientKey: null,
      actor: null,
      canModerate: false,
    };
    return { viewer };
  }
  const actor = await resolveActor(deps.accounts, req);
  if (actor) return { viewer: staffViewer(actor) };
  if (event.access !== 'open')
    throw new AppError('UNAUTHENTICATED', 'Use your personal join link to enter this room');
  if (!chosenName) {
    throw new AppError('VALIDATION_FAILED', 'Choose a display name', {
      fields: { name: 'Enter 1–40 characters' },
    });
  }
  await screenName(deps.db, event.id, chosenName);
  const viewerId = verifyViewerToken(deps.secret, query.viewer) ?? `anon_${newId()}`;
  const viewer = {
    viewerId,
    registrationId: null,
    contactId: null,
    displayName: chosenName,
    clientKey: clientKey(deps.secret, client),
    actor: null,
    canModerate: false,
  };
  return { viewer, viewerToken: viewerToken(deps.secret, viewerId) };
}

/** The event whose room is being joined; drafts have no room. */
export async function roomEvent(db: Kysely<Database>, eventId: string) {
  const event = await db.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst();
  if (!event || event.status === 'draft') throw notFound('Event');
  return event;
}
