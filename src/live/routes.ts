import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Accounts } from '../accounts/accounts.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { auditActor, authorize } from '../http/guard.js';
import { safeParseInput } from '../validation.js';
import type { LiveService } from './service.js';

const tags = ['live'];

/** The audit identity of the caller `authorize` resolved. */
const who = (req: FastifyRequest) => {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 'Sign in to continue');
  return auditActor(req.actor);
};
const permission = 'live:produce';

const ingestResponse = z.object({ server: z.string(), streamKey: z.string(), keyRotatedAt: z.string() });
const statusResponse = z.object({
  state: z.enum(['offline', 'backstage', 'live', 'ended', 'replay']),
  eventStatus: z.string(),
  preview: z.string().nullable(),
  health: z.record(z.string(), z.unknown()).nullable(),
  replay: z.object({ status: z.string(), seconds: z.number().nullable(), error: z.string().nullable() }),
});

/** The studio's JSON API: stream key, go live / end, health and recording status. */
export function liveApiRoutes(app: FastifyInstance, deps: { accounts: Accounts; live: LiveService }) {
  const { accounts, live } = deps;
  const guard = authorize(accounts, permission);
  type P = { Params: { id: string } };
  const ingest = async (eventId: string) => {
    const row = await live.stream(eventId);
    return { ...live.ingestSettings(row), keyRotatedAt: row.key_rotated_at };
  };

  app.get<P>(
    '/api/v1/events/:id/live/stream-key',
    {
      preHandler: guard,
      config: {
        doc: {
          summary: 'RTMP server URL and stream key for the encoder',
          tags,
          permission,
          response: ingestResponse,
        },
      },
    },
    async (req) => ingest(req.params.id),
  );

  app.post<P>(
    '/api/v1/events/:id/live/stream-key/rotate',
    {
      preHandler: guard,
      config: {
        doc: {
          summary: 'Replace the stream key; the old key stops working and a running stream is cut',
          tags,
          permission,
          response: ingestResponse,
        },
      },
    },
    async (req) => {
      await live.rotateKey(req.params.id, who(req));
      return ingest(req.params.id);
    },
  );

  app.get<P>(
    '/api/v1/events/:id/live',
    {
      preHandler: guard,
      config: {
        doc: {
          summary: 'Studio state: backstage/live/ended, stream health, preview URL, replay status',
          tags,
          permission,
          response: statusResponse,
        },
      },
    },
    async (req) => live.studioStatus(req.params.id),
  );

  app.get<P>(
    '/api/v1/events/:id/live/health',
    {
      preHandler: guard,
      config: {
        doc: {
          summary: 'Health of the incoming stream (null when no encoder is connected)',
          tags,
          permission,
        },
      },
    },
    async (req) => ({ health: live.session(req.params.id)?.health() ?? null }),
  );

  app.get<P>(
    '/api/v1/events/:id/live/recording',
    { preHandler: guard, config: { doc: { summary: 'Replay production status', tags, permission } } },
    async (req) => (await live.studioStatus(req.params.id)).replay,
  );

  app.post<P>(
    '/api/v1/events/:id/live/go-live',
    {
      preHandler: guard,
      config: {
        doc: { summary: 'Put the stream in front of the audience (event → live)', tags, permission },
      },
    },
    async (req) => ({ event: await live.goLive(req.params.id, who(req)) }),
  );

  app.post<P>(
    '/api/v1/events/:id/live/end',
    {
      preHandler: guard,
      config: {
        doc: {
          summary: 'End the live (event → ended); the replay is produced automatically (→ on_demand)',
          tags,
          permission,
        },
      },
    },
    async (req) => ({ event: await live.end(req.params.id, who(req)) }),
  );
}

const srsHook = z.object({
  action: z.string(),
  app: z.string().optional(),
  stream: z.string(),
  param: z.string().optional(),
});
const mediamtxHook = z.object({
  action: z.string(),
  path: z.string().default(''),
  query: z.string().default(''),
  user: z.string().optional(),
  password: z.string().optional(),
  ip: z.string().optional(),
});

/** `key=<stream key>` from a query string such as `?key=lc_live_…` or `key=…&x=1`. */
const keyFrom = (query: string) => new URLSearchParams(query.replace(/^\?/, '')).get('key') ?? '';

/**
 * Publish authorisation for external media servers. The encoder publishes to
 * `<server>/<media path>?key=<stream key>`; the server asks us before accepting.
 */
export function liveHookRoutes(app: FastifyInstance, deps: { live: LiveService; config: Config }) {
  const { live } = deps;
  const rateLimit = { max: deps.config.rateLimits.publicPerMinute, timeWindow: 60_000 };

  const check = async (mediaPath: string, key: string, remote: string) => {
    const auth = await live.authorizePublish(key, remote);
    return !('reject' in auth) && auth.row.media_path === mediaPath;
  };

  // SRS http_hooks on_publish: HTTP 200 with code 0 allows, anything else refuses.
  app.post(
    '/api/v1/live/hooks/srs',
    {
      config: {
        rateLimit,
        doc: { summary: 'SRS on_publish hook: allows a publish with a valid stream key', tags },
      },
    },
    async (req, reply) => {
      const body = safeParseInput(srsHook, req.body);
      if (!body.success) return reply.status(400).send({ code: 1 });
      if (body.data.action !== 'on_publish') return { code: 0 };
      const ok = await check(body.data.stream, keyFrom(body.data.param ?? ''), req.ip);
      return ok ? { code: 0 } : reply.status(403).send({ code: 403 });
    },
  );

  // MediaMTX authMethod: http — 2xx allows, 401 refuses. Reading is open: paths are unguessable.
  app.post(
    '/api/v1/live/hooks/mediamtx',
    {
      config: {
        rateLimit,
        doc: { summary: 'MediaMTX HTTP authentication: publish needs a valid stream key', tags },
      },
    },
    async (req, reply) => {
      const body = safeParseInput(mediamtxHook, req.body);
      if (!body.success) return reply.status(400).send();
      const { action, path, query, password } = body.data;
      if (action !== 'publish') return reply.status(200).send();
      const ok = await check(path.replace(/^live\//, ''), keyFrom(query) || (password ?? ''), req.ip);
      return reply.status(ok ? 200 : 401).send();
    },
  );
}
