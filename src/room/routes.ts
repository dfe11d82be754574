import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Accounts, Actor } from '../accounts/accounts.js';
import type { Permission } from '../accounts/permissions.js';
import { notFound } from '../errors.js';
import { authorize } from '../http/guard.js';
import type { RouteDoc } from '../http/openapi.js';
import type { Services } from '../services.js';
import { line, parseInput } from '../validation.js';
import { runCommand } from './commands.js';
import { staffViewer } from './identity.js';
import { pollResults } from './polls.js';
import { hostActionBody } from './protocol.js';
import { attendanceReport, listInteractions, listLotteries, listMessages, roomAudit } from './queries.js';
import * as r from './schemas.js';
import { staffSnapshot } from './snapshot.js';
import { pollView, staffMessageView, staffQuestionView } from './views.js';

const tags = ['room'];

/** authorize() has set the actor on every guarded route. */
function staff(actor: Actor | null): Actor {
  if (!actor) throw new Error('authorize() sets req.actor');
  return actor;
}
const params = z.object({ id: line(64).min(1) });
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
  after: line(64).optional(),
};
const interactionsQuery = z.object({
  type: z.enum(interactionTypes).optional(),
  registrationId: line(64).optional(),
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
          operationId: 'runRoomAction',
          summary: 'Run a host action (same commands as the WebSocket host frames)',
          tags,
          permission: 'room:moderate',
          body: hostActionBody,
          response: r.actionResponse,
          errors: ['INVALID_STATE', 'CONFLICT'],
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
    doc: Pick<RouteDoc, 'operationId' | 'summary' | 'response' | 'query'> & { permission: Permission },
    handler: (eventId: string, query: unknown) => Promise<unknown>,
  ) =>
    app.get(
      `/api/v1/events/:id/room/${url}`,
      { preHandler: guard(doc.permission), config: { doc: { ...doc, tags } } },
      async (req) => handler(await eventOf(req.params), req.query),
    );

  read(
    'attendance',
    {
      operationId: 'getRoomAttendance',
      permission: 'registrations:read',
      summary:
        'Attendance per viewer (watch seconds live/replay, device) and peak concurrent viewers per minute',
      response: r.attendanceResponse,
    },
    (eventId) => attendanceReport(kysely, eventId),
  );
  read(
    'interactions',
    {
      operationId: 'listRoomInteractions',
      permission: 'registrations:read',
      summary:
        'Interaction facts per registration (chat, questions, votes, poll answers, offer clicks/forms/downloads, check-ins)',
      query: interactionsQuery,
      response: r.interactionsResponse,
    },
    (eventId, query) => listInteractions(kysely, eventId, parseInput(interactionsQuery, query)),
  );
  read(
    'questions',
    {
      operationId: 'listRoomQuestions',
      permission: 'events:read',
      summary: 'Every question with its status, answer and upvotes',
      response: r.questionsResponse,
    },
    async (eventId) => ({
      questions: (
        await kysely
          .selectFrom('room_questions')
          .selectAll()
          .where('event_id', '=', eventId)
          .orderBy('id')
          .execute()
      ).map(staffQuestionView),
    }),
  );
  read(
    'polls',
    {
      operationId: 'listRoomPolls',
      permission: 'events:read',
      summary: 'Every poll with its results',
      response: r.pollsResponse,
    },
    async (eventId) => {
      const polls = await kysely
        .selectFrom('room_polls')
        .selectAll()
        .where('event_id', '=', eventId)
        .orderBy('id')
        .execute();
      return { polls: await Promise.all(polls.map(async (p) => pollView(p, await pollResults(kysely, p)))) };
    },
  );
  read(
    'moderation',
    {
      operationId: 'getRoomModeration',
      permission: 'room:moderate',
      summary: 'Moderation queues: held messages, open reports and appeals, mutes in force',
      response: r.moderationResponse,
    },
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
    {
      operationId: 'listRoomMessages',
      permission: 'room:moderate',
      summary: 'The chat log with moderation status',
      query: messagesQuery,
      response: r.messagesResponse,
    },
    async (eventId, query) => ({
      messages: (await listMessages(kysely, eventId, parseInput(messagesQuery, query))).map(staffMessageView),
    }),
  );
  read(
    'audit',
    {
      operationId: 'listRoomAudit',
      permission: 'room:moderate',
      summary: 'Audit trail of moderation actions, check-in windows and lottery draws',
      response: r.auditResponse,
    },
    async (eventId) => ({
      entries: await roomAudit(kysely, eventId),
    }),
  );
  read(
    'lotteries',
    {
      operationId: 'listRoomLotteries',
      permission: 'room:moderate',
      summary: 'Lottery draws with their seeds, pool digests and winners',
      response: r.lotteriesResponse,
    },
    async (eventId) => ({
      lotteries: await listLotteries(kysely, eventId),
    }),
  );
}
