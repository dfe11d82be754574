import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Accounts } from '../accounts/accounts.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { eventResponse, eventStatus } from '../events/schemas.js';
import { eventView } from '../events/view.js';
import { timestamp } from '../http/formats.js';
import { auditActor, authorize } from '../http/guard.js';
import { parseInput } from '../validation.js';
import type { LiveService } from './service.js';

const tags = ['live'];

/** The audit identity of the caller `authorize` resolved. */
const who = (req: FastifyRequest) => {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 'Sign in to continue');
  return auditActor(req.actor);
};
const permission = 'live:produce';

const ingestResponse = z.object({
  server: z.string().describe('RTMP server URL for the encoder'),
  stream_key: z.string(),
  key_rotated_at: timestamp,
});
const streamHealth = z.object({
  connected_at: timestamp,
  connected_seconds: z.number().int(),
  remote_address: z.string(),
  encoder: z.string().nullable(),
  video: z
    .object({
      codec: z.string().nullable(),
      width: z.number().nullable(),
      height: z.number().nullable(),
      fps: z.number(),
      kbps: z.number(),
    })
    .nullable(),
  audio: z
    .object({ codec: z.string().nullable(), kbps: z.number(), sample_rate: z.number().nullable() })
    .nullable(),
  late_ms: z.number().describe('How far media arrives behind real time'),
  dropped_frames: z.number().int(),
  packager_restarts: z.number().int(),
  unsupported: z.string().nullable().describe('Set when browsers cannot play the codec'),
});
const replayResponse = z.object({
  status: z.enum(['none', 'processing', 'ready', 'failed']),
  seconds: z.number().nullable(),
  error: z.string().nullable(),
});
const statusResponse = z.object({
  state: z.enum(['offline', 'backstage', 'live', 'ended', 'replay']),
  event_status: eventStatus,
  preview: z.string().nullable(),
  health: streamHealth.nullable(),
  replay: replayResponse,
});
const healthResponse = z.object({
  health: streamHealth.nullable().describe('null when no encoder is connected'),
});

/** The studio's JSON API: stream key, go live / end, health and recording status. */
export function liveApiRoutes(app: FastifyInstance, deps: { accounts: Accounts; live: LiveService }) {
  const { accounts, live } = deps;
  const guard = authorize(accounts, permission);
  type P = { Params: { id: string } };
  const ingest = async (eventId: string) => {
    const row = await live.stream(eventId);
    return { ...live.ingestSettings(row), key_rotated_at: row.key_rotated_at };
  };

  app.get<P>(
    '/api/v1/events/:id/live/stream-key',
    {
      preHandler: guard,
      config: {
        doc: {
          operationId: 'getStreamKey',
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
          operationId: 'rotateStreamKey',
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
          operationId: 'getStudioStatus',
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
          operationId: 'getStreamHealth',
          summary: 'Health of the incoming stream (null when no encoder is connected)',
          tags,
          permission,
          response: healthResponse,
        },
      },
    },
    async (req) => {
      const event = await live.events.get(req.params.id);
      return { health: live.session(event.id)?.health() ?? null };
    },
  );

  app.get<P>(
    '/api/v1/events/:id/live/recording',
    {
      preHandler: guard,
      config: {
        doc: {
          operationId: 'getRecordingStatus',
          summary: 'Replay production status',
          tags,
          permission,
          response: replayResponse,
        },
      },
    },
    async (req) => (await live.studioStatus(req.params.id)).replay,
  );

  app.post<P>(
    '/api/v1/events/:id/live/go-live',
    {
      preHandler: guard,
      config: {
        doc: {
          operationId: 'goLive',
          summary: 'Put the stream in front of the audience (event → live)',
          tags,
          permission,
          response: eventResponse,
          errors: ['INVALID_STATE'],
        },
      },
    },
    async (req) => ({ event: eventView(await live.goLive(req.params.id, who(req))) }),
  );

  app.post<P>(
    '/api/v1/events/:id/live/end',
    {
      preHandler: guard,
      config: {
        doc: {
          operationId: 'endLive',
          summary: 'End the live (event → ended); the replay is produced automatically (→ on_demand)',
          tags,
          permission,
          response: eventResponse,
          errors: ['INVALID_STATE'],
        },
      },
    },
    async (req) => ({ event: eventView(await live.end(req.params.id, who(req))) }),
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

const refused = () => new AppError('FORBIDDEN', 'Publish refused: unknown stream key or wrong path');

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
        doc: {
          operationId: 'srsPublishHook',
          summary: 'SRS on_publish hook: allows a publish with a valid stream key',
          tags,
          body: srsHook,
          response: z.object({ code: z.literal(0).describe('SRS allows the publish') }),
          errors: ['FORBIDDEN'],
        },
      },
    },
    async (req) => {
      const body = parseInput(srsHook, req.body);
      if (body.action !== 'on_publish') return { code: 0 as const };
      if (!(await check(body.stream, keyFrom(body.param ?? ''), req.ip))) throw refused();
      return { code: 0 as const };
    },
  );

  // MediaMTX authMethod: http — 2xx allows, anything else refuses. Reading is open: paths are unguessable.
  app.post(
    '/api/v1/live/hooks/mediamtx',
    {
      config: {
        rateLimit,
        doc: {
          operationId: 'mediamtxAuthHook',
          summary: 'MediaMTX HTTP authentication: publish needs a valid stream key',
          tags,
          body: mediamtxHook,
          response: z.object({ ok: z.literal(true) }),
          errors: ['FORBIDDEN'],
        },
      },
    },
    async (req) => {
      const { action, path, query, password } = parseInput(mediamtxHook, req.body);
      if (action !== 'publish') return { ok: true as const };
      if (!(await check(path.replace(/^live\//, ''), keyFrom(query) || (password ?? ''), req.ip)))
        throw refused();
      return { ok: true as const };
    },
  );
}
