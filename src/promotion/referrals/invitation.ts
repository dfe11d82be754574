import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Referrals } from './referrals.js';
import type { RewardKind } from './tables.js';

export type Invitations = ReturnType<typeof createInvitations>;

/** What a registrant sees of their invitations: the confirmation page, the API and the room show the same. */
export interface Invitation {
  invite_url: string;
  poster_urls: { story: string; square: string };
  gate: {
    goal: number;
    counted: number;
    remaining: number;
    unlocked: boolean;
    reward_kind: RewardKind;
    reward_title: string | null;
    reward_url: string | null;
  } | null;
  leaderboard: { name: string; counted: number }[] | null;
}

/** One of an event's offers (a gate's reward), or undefined. */
export const offerOf = (db: Kysely<Database>, eventId: string, offerId: string | null) =>
  offerId
    ? db
        .selectFrom('room_offers')
        .select(['id', 'title', 'url'])
        .where('id', '=', offerId)
        .where('event_id', '=', eventId)
        .executeTakeFirst()
    : Promise.resolve(undefined);

/** Absolute, for links shared outside (an offer may name a path on this site). */
const absolute = (base: string, url: string) =>
  URL.canParse(url) ? url : `${base}${url.startsWith('/') ? '' : '/'}${url}`;

/** A name as the room's leaderboard shows it: the first word only (the room is open to every registrant). */
export const shortName = (name: string) => [...(name.trim().split(/\s+/)[0] ?? '')].slice(0, 20).join('');

export function createInvitations(deps: { db: Kysely<Database>; referrals: Referrals; baseUrl: string }) {
  const { db, referrals, baseUrl: base } = deps;
  return {
    /** A registrant's personal link, posters and (counted) progress towards the event's gate. */
    async of(registration: Database['registrations'], slug: string): Promise<Invitation> {
      const code = await referrals.codeFor(registration);
      const posterBase = `${base}/e/${slug}/registered/${registration.join_token}/poster`;
      const progress = await referrals.progress(registration);
      let gate: Invitation['gate'] = null;
      let leaderboard: Invitation['leaderboard'] = null;
      if (progress) {
        const offer = await offerOf(db, registration.event_id, progress.gate.offer_id);
        const rewardUrl =
          progress.gate.reward_kind === 'offer'
            ? offer && absolute(base, offer.url)
            : progress.gate.reward_kind === 'replay'
              ? `${base}/j/${registration.join_token}`
              : null;
        gate = {
          goal: progress.goal,
          counted: progress.counted,
          remaining: progress.remaining,
          unlocked: progress.unlocked,
          reward_kind: progress.gate.reward_kind,
          reward_title:
            progress.gate.reward_kind === 'offer' ? (offer?.title ?? null) : progress.gate.reward_text,
          reward_url: progress.unlocked ? (rewardUrl ?? null) : null,
        };
        if (progress.gate.leaderboard_in_room === 1)
          leaderboard = (await referrals.leaderboard(registration.event_id, 10))
            .filter((r) => r.counted > 0)
            .map((r) => ({ name: shortName(r.name), counted: r.counted }));
      }
      return {
        invite_url: `${base}/i/${code}`,
        poster_urls: { story: `${posterBase}.png?size=story`, square: `${posterBase}.png?size=square` },
        gate,
        leaderboard,
      };
    },
  };
}
