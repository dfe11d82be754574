import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CommandContext } from '../room/context.js';
import { keywordForm, type ScreenResult, screenMessage } from './filters.js';
import { teamRules } from './moderation.js';
import { type Policy, type PolicyInput, resolvePolicy } from './screen/policy.js';

/** How far back "the same text from several viewers" looks. */
const CROWD_WINDOW_MS = 10 * 60_000;
/** Shorter texts ("666", "+1", "thanks") are what a crowd legitimately repeats. */
const CROWD_MIN_LENGTH = 8;

/** The event's tuning of the screen: its stored policy completed with the defaults. */
export async function eventPolicy(db: Kysely<Database>, eventId: string): Promise<Policy> {
  const row = await db
    .selectFrom('moderation_policies')
    .select('policy')
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return resolvePolicy(row ? (JSON.parse(row.policy) as PolicyInput) : undefined);
}

/** A key of the normalised text, so `Add V: abc123` and `add v abc123` from two viewers count as the same. */
export function bodyKey(text: string): string | null {
  const compact = keywordForm(text);
  if ([...compact].length < CROWD_MIN_LENGTH) return null;
  return createHash('sha256').update(compact).digest('base64url').slice(0, 24);
}

/**
 * Screens a viewer's chat message with what the room knows about them: whether it is their
 * first message here, and how many other viewers sent the same text in the last ten minutes.
 */
export async function screenChat(
  ctx: CommandContext,
  body: string,
  key: string | null,
): Promise<ScreenResult> {
  const { db, clock } = ctx.deps;
  const since = new Date(clock.now().getTime() - CROWD_WINDOW_MS).toISOString();
  const [rules, policy, earlier, same] = await Promise.all([
    teamRules(db),
    eventPolicy(db, ctx.eventId),
    db
      .selectFrom('room_messages')
      .select('id')
      .where('event_id', '=', ctx.eventId)
      .where('viewer_id', '=', ctx.viewer.viewerId)
      .limit(1)
      .executeTakeFirst(),
    key
      ? db
          .selectFrom('room_messages')
          .select((eb) => eb.fn.count<string>('viewer_id').distinct().as('n'))
          .where('event_id', '=', ctx.eventId)
          .where('body_key', '=', key)
          .where('created_at', '>', since)
          .where('viewer_id', '!=', ctx.viewer.viewerId)
          .executeTakeFirst()
      : undefined,
  ]);
  return screenMessage(body, rules, {
    policy,
    isFirstMessage: !earlier,
    sameTextViewers: Number(same?.n ?? 0),
  });
}

/** Screens other viewer text (questions, display names, offer-form answers) with the event's policy. */
export async function screenText(db: Kysely<Database>, eventId: string, text: string): Promise<ScreenResult> {
  const [rules, policy] = await Promise.all([teamRules(db), eventPolicy(db, eventId)]);
  return screenMessage(text, rules, { policy });
}
