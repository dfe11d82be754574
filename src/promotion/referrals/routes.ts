import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Accounts } from '../../accounts/accounts.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/schema.js';
import { AppError, type ErrorCode } from '../../errors.js';
import type { Events } from '../../events/events.js';
import { okResponse } from '../../http/formats.js';
import { auditActor, authorize } from '../../http/guard.js';
import { t } from '../../i18n/index.js';
import { renderMessagePage } from '../../pages/confirmation.js';
import { pageLocale } from '../../pages/locale.js';
import type { Registrations } from '../../registration/registrations.js';
import { parseInput } from '../../validation.js';
import { type Invitations, offerOf } from './invitation.js';
import type { GateRow, Referrals } from './referrals.js';
import * as s from './schemas.js';

type Id = { Params: { id: string } };
const tags = ['promotion'];

/**
 * Personal invitation links (`/i/<code>`), the referral gate and its leaderboard (staff), and a
 * registrant's own invitations and progress by their join token (the confirmation page and the room).
 */
export function referralRoutes(
  app: FastifyInstance,
  deps: {
    accounts: Accounts;
    config: Config;
    events: Events;
    registrations: Registrations;
    referrals: Referrals;
    invitations: Invitations;
    db: { kysely: Kysely<Database> };
  },
) {
  const { accounts, config, events, registrations, referrals, invitations } = deps;
  const db = deps.db.kysely;
  const base = config.publicBaseUrl;
  const publicLimit = { max: config.rateLimits.publicPerMinute, timeWindow: 60_000 };
  const doc = (
    operationId: string,
    summary: string,
    permission: 'registrations:read' | 'channels:write',
    response: z.ZodType,
    extra: { body?: z.ZodType; errors?: ErrorCode[] } = {},
  ) => ({ doc: { operationId, summary, tags, permission, response, ...extra } });

  const offersOf = (eventId: string) =>
    db
      .selectFrom('room_offers')
      .select(['id', 'title'])
      .where('event_id', '=', eventId)
      .orderBy('created_at')
      .execute();

  const gateView = async (gate: GateRow | undefined) =>
    gate
      ? {
          goal: gate.goal,
          reward_kind: gate.reward_kind,
          offer_id: gate.offer_id,
          offer_title: (await offerOf(db, gate.event_id, gate.offer_id))?.title ?? null,
          reward_text: gate.reward_text,
          leaderboard_in_room: gate.leaderboard_in_room === 1,
          updated_at: gate.updated_at,
        }
      : null;

  // The personal invitation link: the event's landing page, carrying who invited.
  app.get<{ Params: { code: string } }>(
    '/i/:code',
    { config: { rateLimit: publicLimit } },
    async (req, reply) => {
      const link = await referrals.findByCode(req.params.code);
      reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
      if (!link || link.status === 'draft') {
        // An unknown code names nothing: the plain not-found page, never a redirect elsewhere.
        const locale = pageLocale(req, undefined, config.defaultLocale);
        return reply
          .status(404)
          .type('text/html; charset=utf-8')
          .send(
            renderMessagePage(
              locale,
              base,
              t(locale, 'page.not_found.title'),
              t(locale, 'page.not_found.body'),
            ),
          );
      }
      return reply.redirect(
        `/e/${encodeURIComponent(link.slug)}?ref=${encodeURIComponent(req.params.code)}`,
        303,
      );
    },
  );

  app.get<Id>(
    '/api/v1/events/:id/referral-gate',
    {
      preHandler: authorize(accounts, 'registrations:read'),
      config: doc(
        'getReferralGate',
        "The event's referral gate (null when it has none)",
        'registrations:read',
        s.gateResponse,
      ),
    },
    async (req) => {
      await events.getEvent(req.params.id);
      return {
        gate: await gateView(await referrals.getGate(req.params.id)),
        offers: await offersOf(req.params.id),
      };
    },
  );

  app.put<Id>(
    '/api/v1/events/:id/referral-gate',
    {
      preHandler: authorize(accounts, 'channels:write'),
      config: doc(
        'saveReferralGate',
        '"Invite N to unlock": set the goal and the reward (an offer, the replay, or a text); audited',
        'channels:write',
        s.gateResponse,
        { body: s.gateInput },
      ),
    },
    async (req) => {
      const event = await events.getEvent(req.params.id);
      const input = parseInput(s.gateInput, req.body);
      if (input.reward_kind === 'offer' && !(await offerOf(db, event.id, input.offer_id ?? null)))
        throw new AppError('VALIDATION_FAILED', 'Choose one of this event’s offers', {
          fields: { offer_id: 'No such offer in this event' },
        });
      return {
        gate: await gateView(await referrals.setGate(auditActor(req.actor!), event.id, input)),
        offers: await offersOf(event.id),
      };
    },
  );

  app.delete<Id>(
    '/api/v1/events/:id/referral-gate',
    {
      preHandler: authorize(accounts, 'channels:write'),
      config: doc(
        'deleteReferralGate',
        'Remove the referral gate (referrals stay recorded)',
        'channels:write',
        okResponse,
      ),
    },
    async (req) => {
      await events.getEvent(req.params.id);
      await referrals.deleteGate(auditActor(req.actor!), req.params.id);
      return { ok: true as const };
    },
  );

  app.get<Id>(
    '/api/v1/events/:id/referrals/leaderboard',
    {
      preHandler: authorize(accounts, 'registrations:read'),
      config: doc(
        'getReferralLeaderboard',
        'Top referrers of the event by counted referrals, and every referral that did not count, by rule',
        'registrations:read',
        s.leaderboardResponse,
      ),
    },
    async (req) => {
      await events.getEvent(req.params.id);
      const [leaderboard, summary] = await Promise.all([
        referrals.leaderboard(req.params.id),
        referrals.summary(req.params.id),
      ]);
      return { leaderboard, summary };
    },
  );

  app.get<{ Params: { token: string } }>(
    '/api/v1/public/registrations/:token/invitation',
    {
      config: {
        rateLimit: publicLimit,
        doc: {
          operationId: 'getMyInvitation',
          summary:
            "A registrant's personal invitation link, posters, and progress towards the event's referral gate (by join token; counted referrals only)",
          tags,
          response: s.invitationResponse,
        },
      },
    },
    async (req) => {
      const found = await registrations.findByJoinToken(req.params.token);
      if (!found) throw new AppError('NOT_FOUND', 'Registration not found');
      return invitations.of(found.registration, found.event.slug);
    },
  );
}
