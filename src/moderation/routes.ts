import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Accounts } from '../accounts/accounts.js';
import { recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import { timestamp } from '../http/formats.js';
import { auditActor, authorize } from '../http/guard.js';
import { newId } from '../ids.js';
import { parseInput } from '../validation.js';
import { addFilter } from './moderation.js';
import { policyView, resetPolicy, savePolicy } from './policies.js';
import { categories, policySchema } from './screen/policy.js';

const tags = ['moderation'];
const permission = 'room:moderate';
const eventParams = z.object({ id: z.string().min(1).max(64) });

const filterBody = z.object({
  pattern: z.string().trim().min(1).max(200),
  kind: z.enum(['keyword', 'regex']),
  action: z.enum(['block', 'hold']),
});
const filterRow = z.object({
  id: z.string(),
  pattern: z.string(),
  kind: z.enum(['keyword', 'regex']),
  action: z.enum(['block', 'hold']),
  created_by: z.string(),
  created_at: timestamp,
});
const tuning = z.object({ enabled: z.boolean(), weight: z.number() });
const fullPolicy = z.object({
  hold_at: z.number(),
  block_at: z.number(),
  categories: z.object(
    Object.fromEntries(categories.map((c) => [c, tuning])) as Record<string, typeof tuning>,
  ),
});
const policyResponse = z.object({
  policy: fullPolicy,
  defaults: fullPolicy,
  customised: z.boolean(),
  updated_at: timestamp.nullable(),
});

const who = (req: FastifyRequest) => {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 'Sign in to continue');
  return auditActor(req.actor);
};

/**
 * Chat moderation settings: the team's own filters (all events) and each event's tuning
 * of the scored screen. Every change is audit-logged; the room's audit trail
 * (`GET /api/v1/events/:id/room/audit`) shows both.
 */
export function moderationRoutes(app: FastifyInstance, deps: { accounts: Accounts; db: Db; clock: Clock }) {
  const { accounts, clock } = deps;
  const db = deps.db.kysely;
  const guard = authorize(accounts, permission);
  const eventOf = async (raw: unknown) => {
    const { id } = parseInput(eventParams, raw);
    const event = await db.selectFrom('events').select('id').where('id', '=', id).executeTakeFirst();
    if (!event) throw notFound('Event');
    return event.id;
  };

  app.get(
    '/api/v1/moderation/filters',
    {
      preHandler: guard,
      config: {
        doc: {
          operationId: 'listModerationFilters',
          summary: 'The team’s own chat filters and the screen’s categories',
          tags,
          permission,
          response: z.object({ team: z.array(filterRow), categories: z.array(z.enum(categories)) }),
        },
      },
    },
    async () => ({
      team: await db.selectFrom('moderation_filters').selectAll().orderBy('id').execute(),
      categories: [...categories],
    }),
  );
  app.post(
    '/api/v1/moderation/filters',
    {
      preHandler: guard,
      config: {
        doc: {
          operationId: 'addModerationFilter',
          summary: 'Add a chat filter (keyword or regular expression; block or hold) for every event',
          tags,
          permission,
          body: filterBody,
          response: z.object({ filter: filterRow }),
        },
      },
    },
    async (req) => {
      const input = parseInput(filterBody, req.body);
      const actor = who(req);
      const filter = await addFilter(db, input, actor.actorId ?? '', clock.now(), newId());
      await recordAudit(db, clock, {
        ...actor,
        action: 'moderation.filter.add',
        targetType: 'moderation_filter',
        targetId: filter.id,
        details: input,
      });
      return { filter };
    },
  );
  app.delete(
    '/api/v1/moderation/filters/:id',
    {
      preHandler: guard,
      config: {
        doc: {
          operationId: 'deleteModerationFilter',
          summary: 'Remove a chat filter',
          tags,
          permission,
          response: z.object({ deleted: z.string() }),
        },
      },
    },
    async (req) => {
      const { id } = parseInput(eventParams, req.params);
      const filter = await db
        .selectFrom('moderation_filters')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!filter) throw notFound('Filter');
      await db.deleteFrom('moderation_filters').where('id', '=', id).execute();
      await recordAudit(db, clock, {
        ...who(req),
        action: 'moderation.filter.remove',
        targetType: 'moderation_filter',
        targetId: id,
        details: { pattern: filter.pattern, kind: filter.kind, action: filter.action },
      });
      return { deleted: id };
    },
  );

  app.get(
    '/api/v1/events/:id/moderation/policy',
    {
      preHandler: guard,
      config: {
        doc: {
          operationId: 'getModerationPolicy',
          summary: 'The event’s chat screen tuning: categories on/off and weights, hold and block thresholds',
          tags,
          permission,
          response: policyResponse,
        },
      },
    },
    async (req) => policyView(db, await eventOf(req.params)),
  );
  app.put(
    '/api/v1/events/:id/moderation/policy',
    {
      preHandler: guard,
      config: {
        doc: {
          operationId: 'updateModerationPolicy',
          summary: 'Tune the event’s chat screen (audit-logged)',
          tags,
          permission,
          body: policySchema,
          response: policyResponse,
        },
      },
    },
    async (req) => {
      const eventId = await eventOf(req.params);
      const input = parseInput(policySchema, req.body);
      await savePolicy(db, clock, who(req), eventId, input);
      return policyView(db, eventId);
    },
  );
  app.delete(
    '/api/v1/events/:id/moderation/policy',
    {
      preHandler: guard,
      config: {
        doc: {
          operationId: 'resetModerationPolicy',
          summary: 'Reset the event’s chat screen to the defaults (audit-logged)',
          tags,
          permission,
          response: policyResponse,
        },
      },
    },
    async (req) => {
      const eventId = await eventOf(req.params);
      await resetPolicy(db, clock, who(req), eventId);
      return policyView(db, eventId);
    },
  );
}
