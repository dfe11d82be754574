import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Accounts, Actor } from '../accounts/accounts.js';
import { notFound } from '../errors.js';
import { authorize } from '../http/guard.js';
import type { Services } from '../services.js';
import { parseInput } from '../validation.js';
import { runCommand } from './commands.js';
import { staffViewer } from './identity.js';
import { pollResults } from './polls.js';
import { hostActionBody } from './protocol.js';
import { attendanceReport, listInteractions, listLotteries, listMessages, roomAudit } from './queries.js';
import { staffSnapshot } from './snapshot.js';
import { pollView, staffMessageView, staffQuestionView } from './views.js';

const tags = ['room'];

/** authorize() has set the actor on every guarded route. */
function staff(actor: Actor | null): Actor {
  if (!actor) throw new Error('authorize() sets req.actor');
  return actor;
}
const params = z.object({ id: z.string().min(1).max(64) });
const interactionTypes = [
  'chat_message',
  'question',
  'question_upvote',
  'poll_answer',
  'offer_click',
  'offer_form',
  'offer_download',
  'checkin',
] as const;
const page = {
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  after: z.string().max(64).optional(),
};
const interactionsQuery = z.object({
  type: z.enum(interactionTypes).optional(),
  registrationId: z.string().max(64).optional(),
  ...page,
});
const messagesQuery = z.object({
  status: z.enum(['visible', 'held', 'deleted', 'blocked', 'rejected']).optional(),
  ...page,
});

/**
 * The room's JSON API: what the rest of LeadCast reads (attendance, interactions,
 * questions, poll results, moderation queues, audit trail) and host actions over HTTP
 * (the same commands as the WebSocket's host frames).
 */
export function roomRoutes(app: FastifyInstance, services: Services) {
  const { db, accounts, room } = services;
  const kysely = db.kysely;
  room.attach(app);
  const guard = (permission: Parameters<typeof authorize>[1]) => authorize(accounts as Accounts, permission);

  const eventOf = async (raw: unknown) => {
    const { id } = parseInput(params, raw);
    const event = await kysely.selectFrom('events').select(['id']).where('id', '=', id).executeTakeFirst();
    if (!event) throw notFound('Event');
    return event.id;
  };

  app.post(
    '/api/v1/events/:id/room/actions',
    {
      preHandler: guard('room:moderate'),
      config: {
        doc: {
          summary: 'Run a host action (same commands as the WebSocket host frames)',
          tags,
          permission: 'room:moderate',
          body: hostActionBody,
        },
      },
    },
    async (req) => {
      const eventId = await eventOf(req.params);
      const cmd = parseInput(hostActionBody, req.body);
      const viewer = staffViewer(staff(req.actor));
      return { result: await runCommand({ deps: room.hub.deps, eventId, viewer }, cmd) };
    },
  );

  const read = (
    url: string,
    permission: Parameters<typeof authorize>[1],
    summary: string,
    handler: (eventId: string, query: unknown) => Promise<unknown>,
    query?: z.ZodType,
  ) =>
    app.get(
      `/api/v1/events/:id/room/${url}`,
      {
        preHandler: guard(permission),
        config: { doc: { summary, tags, permission, ...(query ? { query } : {}) } },
      },
      async (req) => handler(await eventOf(req.params), req.query),
    );

  read(
    'attendance',
    'registrations:read',
    'Attendance per viewer (watch seconds live/replay, device) and peak concurrent viewers per minute',
    (eventId) => attendanceReport(kysely, eventId),
  );
  read(
    'interactions',
    'registrations:read',
    'Interaction facts per registration (chat, questions, votes, poll answers, offer clicks/forms/downloads, check-ins)',
    (eventId, query) => listInteractions(kysely, eventId, parseInput(interactionsQuery, query)),
    interactionsQuery,
  );
  read('questions', 'events:read', 'Every question with its status, answer and upvotes', async (eventId) => ({
    questions: (
      await kysely
        .selectFrom('room_questions')
        .selectAll()
        .where('event_id', '=', eventId)
        .orderBy('id')
        .execute()
    ).map(staffQuestionView),
  }));
  read('polls', 'events:read', 'Every poll with its results', async (eventId) => {
    const polls = await kysely
      .selectFrom('room_polls')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('id')
      .execute();
    return { polls: await Promise.all(polls.map(async (p) => pollView(p, await pollResults(kysely, p)))) };
  });
  read(
    'moderation',
    'room:moderate',
    'Moderation queues: held messages, open reports and appeals, mutes in force',
    async (eventId) => {
      const { held, reports, appeals, mutes, chatMode } = await staffSnapshot(
        kysely,
        eventId,
        services.clock.now(),
      );
      return { chatMode, held, reports, appeals, mutes };
    },
  );
  read(
    'messages',
    'room:moderate',
    'The chat log with moderation status',
    async (eventId, query) => ({
      messages: (await listMessages(kysely, eventId, parseInput(messagesQuery, query))).map(staffMessageView),
    }),
    messagesQuery,
  );
  read(
    'audit',
    'room:moderate',
    'Audit trail of moderation actions, check-in windows and lottery draws',
    async (eventId) => ({
      entries: await roomAudit(kysely, eventId),
    }),
  );
  read(
    'lotteries',
    'room:moderate',
    'Lottery draws with their seeds, pool digests and winners',
    async (eventId) => ({
      lotteries: await listLotteries(kysely, eventId),
    }),
  );
}
