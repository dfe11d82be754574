import { z } from 'zod';
import { absoluteUrl, emailAddress, timestamp } from '../../http/formats.js';
import { line, multiline } from '../../validation.js';

export const REWARD_KINDS = ['offer', 'replay', 'custom'] as const;

/** "Invite N to unlock": the goal, the reward, and whether the room shows the leaderboard. */
export const gateInput = z
  .object({
    goal: z.number().int().min(1, 'referrals.error.goal').max(50, 'referrals.error.goal'),
    reward_kind: z.enum(REWARD_KINDS),
    offer_id: line(40).nullable().optional(),
    reward_text: multiline(500).nullable().optional(),
    leaderboard_in_room: z.boolean().default(false),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.reward_kind === 'offer' && !v.offer_id)
      ctx.addIssue({ code: 'custom', path: ['offer_id'], message: 'referrals.error.offer' });
    if (v.reward_kind === 'custom' && !v.reward_text)
      ctx.addIssue({ code: 'custom', path: ['reward_text'], message: 'referrals.error.reward_text' });
  });
export type GateBody = z.output<typeof gateInput>;

const gateView = z.object({
  goal: z.number().int(),
  reward_kind: z.enum(REWARD_KINDS),
  offer_id: z.string().nullable(),
  offer_title: z.string().nullable(),
  reward_text: z.string().nullable(),
  leaderboard_in_room: z.boolean(),
  updated_at: timestamp,
});
export const gateResponse = z.object({
  gate: gateView.nullable(),
  /** The event's offers a gate can unlock. */
  offers: z.array(z.object({ id: z.string(), title: z.string() })),
});

const notCounted = z.object({
  self: z.number().int(),
  same_person: z.number().int(),
  same_device: z.number().int(),
  ip_burst: z.number().int(),
});
export const leaderboardResponse = z.object({
  leaderboard: z.array(
    z.object({
      registration_id: z.string(),
      name: z.string(),
      email: emailAddress,
      company: z.string().nullable(),
      counted: z.number().int(),
      not_counted: z.number().int(),
    }),
  ),
  /** Every referral of the event: counted, and why the others were not. */
  summary: z.object({ counted: z.number().int(), not_counted: notCounted }),
});

/** What a registrant sees of their own invitations (by their join token). */
export const invitationResponse = z.object({
  invite_url: absoluteUrl,
  poster_urls: z.object({ story: absoluteUrl, square: absoluteUrl }),
  gate: z
    .object({
      goal: z.number().int(),
      counted: z.number().int(),
      remaining: z.number().int(),
      unlocked: z.boolean(),
      reward_kind: z.enum(REWARD_KINDS),
      reward_title: z.string().nullable(),
      /** Where the reward is, once unlocked. */
      reward_url: absoluteUrl.nullable(),
    })
    .nullable(),
  /** Top referrers by first name, when the team shows the leaderboard in the room. */
  leaderboard: z.array(z.object({ name: z.string(), counted: z.number().int() })).nullable(),
});
