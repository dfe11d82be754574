import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting LeadCast reads, typed and defaulted. Parsed once at start-up by
 * `loadConfig(process.env)`; the frozen result is passed down. No other module reads
 * `process.env`.
 */
const intFrom = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const booleanFrom = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: intFrom(3000, 0, 65535),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    PUBLIC_BASE_URL: z.url().optional(),
    DATABASE_URL: z
      .string()
      .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres://, postgresql:// or sqlite:')
      .optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
    TRUST_PROXY: booleanFrom(false),
    SESSION_IDLE_HOURS: intFrom(12, 1, 24 * 30),
    SESSION_MAX_DAYS: intFrom(7, 1, 90),
    REGISTRATION_RATE_LIMIT_PER_MINUTE: intFrom(30, 1),
    LOGIN_RATE_LIMIT_PER_MINUTE: intFrom(10, 1),
    PUBLIC_RATE_LIMIT_PER_MINUTE: intFrom(600, 1),
    UPLOAD_MAX_BYTES: intFrom(5 * 1024 * 1024, 1024),
    OFFER_UPLOAD_MAX_BYTES: intFrom(50 * 1024 * 1024, 1024),
    IMAGE_MAX_PIXELS: intFrom(40_000_000, 1),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional(),
    MAIL_FROM: z.string().default('LeadCast <no-reply@localhost>'),
    MAIL_RATE_PER_MINUTE: intFrom(600, 0, 1_000_000),
    MAIL_BOUNCE_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, 'must be whsec_ followed by at least 24 bytes in base64')
      .optional(),
    DEFAULT_LOCALE: z.enum(['en', 'zh-CN']).default('en'),
    LIVE_INGEST: z.enum(['embedded', 'external']).default('embedded'),
    RTMP_PORT: intFrom(1935, 0, 65535),
    RTMP_HOST: z.string().min(1).optional(),
    RTMP_MAX_CONNECTIONS: intFrom(64, 2, 10_000),
    RTMP_MAX_CONNECTIONS_PER_ADDRESS: intFrom(8, 1, 10_000),
    RTMP_HANDSHAKE_TIMEOUT_MS: intFrom(5000, 100, 60_000),
    RTMP_PUBLIC_URL: z
      .string()
      .regex(/^rtmps?:\/\//, 'must start with rtmp:// or rtmps://')
      .optional(),
    FFMPEG_PATH: z.string().min(1).optional(),
    LIVE_SEGMENT_SECONDS: intFrom(1, 1, 10),
    LIVE_TRANSCODE_LADDER: z
      .string()
      .regex(
        /^(\s*\d{3,4}\s*:\s*\d{2,5}\s*)(,\s*\d{3,4}\s*:\s*\d{2,5}\s*)*$|^$/,
        'must be height:kbps pairs, e.g. 720:2500,480:1000',
      )
      .default(''),
    LIVE_PLAYBACK_URL_TEMPLATE: z
      .string()
      .regex(/\{path\}/, 'must contain {path}')
      .optional(),
    LIVE_FLV_URL_TEMPLATE: z
      .string()
      .regex(/\{path\}/, 'must contain {path}')
      .optional(),
    ROOM_TICK_MS: intFrom(100, 10, 1000),
    ROOM_MAX_BUFFERED_KB: intFrom(256, 16),
    ROOM_CONNECTS_PER_MINUTE: intFrom(600, 1),
    ROOM_POST_BURST: intFrom(5, 1, 1000),
    ROOM_STAFF_RECHECK_MS: intFrom(15_000, 50, 600_000),
    SOP_DIGEST_HOUR_UTC: intFrom(1, 0, 23),
    ROOM_CHANNEL_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, :, _ or - only')
      .default('leadcast'),
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanFrom(false),
    WEBHOOK_TIMEOUT_MS: intFrom(10_000, 100, 60_000),
    WEBHOOK_CONCURRENCY_PER_DESTINATION: intFrom(4, 1, 64),
    JOB_WORKER_NAME: z
      .string()
      .regex(/^[A-Za-z0-9.:_-]{1,100}$/, 'letters, digits, ., :, _ or - only')
      .optional(),
    STUDIO_STUN_URLS: z
      .string()
      .regex(/^(stuns?:[^\s,]+)(,stuns?:[^\s,]+)*$|^$/, 'must be stun: URLs, comma-separated')
      .default(''),
    STUDIO_TURN_URLS: z
      .string()
      .regex(/^(turns?:[^\s,]+)(,turns?:[^\s,]+)*$|^$/, 'must be turn: or turns: URLs, comma-separated')
      .default(''),
    STUDIO_TURN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  })
  .superRefine((e, ctx) => {
    // Cross-field rules are checked here so they are listed with every other problem.
    if (e.LIVE_INGEST === 'external' && !e.LIVE_PLAYBACK_URL_TEMPLATE) {
      ctx.addIssue({
        code: 'custom',
        path: ['LIVE_PLAYBACK_URL_TEMPLATE'],
        message: 'is required when LIVE_INGEST=external',
      });
    }
    if (e.STUDIO_TURN_URLS && !e.STUDIO_TURN_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['STUDIO_TURN_SECRET'],
        message: 'is required when STUDIO_TURN_URLS is set',
      });
    }
  });

/** Every environment variable LeadCast reads (README's settings table lists each one). */
export const settingNames: readonly string[] = Object.keys(envSchema.shape);

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  publicBaseUrl: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  redisUrl: string | undefined;
  logLevel: string;
  /** `pretty` or `json`; unset: pretty when standard output is a terminal (see src/logging.ts). */
  logFormat: 'pretty' | 'json' | undefined;
  /**
   * Names this process among the workers of a job queue, the same across its restarts
   * (default `<hostname>:<PORT>`); see createJobs.
   */
  jobs: { workerName: string };
  trustProxy: boolean;
  session: { idleHours: number; maxDays: number };
  rateLimits: { registrationPerMinute: number; loginPerMinute: number; publicPerMinute: number };
  uploadMaxBytes: number;
  /** Largest offer file (slides, whitepaper, solution pack) upload. */
  offerUploadMaxBytes: number;
  /** Most pixels (width × height) an uploaded image may have: a small file can decode to gigabytes. */
  imageMaxPixels: number;
  /** `ratePerMinute`: plan and campaign emails a minute per process (0 = no limit), on top of the SMTP pool. */
  mail: {
    smtpUrl: string | undefined;
    from: string;
    ratePerMinute: number;
    bounceSecret: string | undefined;
  };
  defaultLocale: 'en' | 'zh-CN';
  live: {
    /** 'embedded': our RTMP server + ffmpeg; 'external': SRS/MediaMTX call our publish hook. */
    ingest: 'embedded' | 'external';
    rtmpPort: number;
    /** Defaults to HOST: an RTMP port is never more exposed than the HTTP one. */
    rtmpHost: string;
    /** Connection caps and the time a client has from TCP connect to `publish` (flood resistance). */
    rtmpMaxConnections: number;
    rtmpMaxConnectionsPerAddress: number;
    rtmpHandshakeTimeoutMs: number;
    /** What the studio tells the encoder to connect to (app path included). */
    rtmpPublicUrl: string;
    ffmpegPath: string | undefined;
    segmentSeconds: number;
    ladder: string;
    /** External mode: playback URL with `{path}` replaced by the event's media path. */
    playbackUrlTemplate: string | undefined;
    flvUrlTemplate: string | undefined;
  };
  room: {
    tickMs: number;
    maxBufferedBytes: number;
    connectsPerMinute: number;
    postBurst: number;
    /** How often open staff sockets are checked against their session (sign-out, expiry, role change). */
    staffRecheckMs: number;
    channelPrefix: string;
  };
  sop: {
    /** The hour (UTC) the daily task digest is sent. */
    digestHourUtc: number;
  };
  webhooks: {
    /** Deliver to private, loopback, link-local … addresses (SSRF guard off); for local receivers only. */
    allowPrivateNetworks: boolean;
    /** Bound on one delivery attempt: connect, send, answer. */
    timeoutMs: number;
    /** Requests in flight to one destination (host and port) per process. */
    concurrencyPerDestination: number;
  };
  /** The browser studio's NAT traversal: STUN, and TURN with coturn's shared-secret credentials. */
  studio: { stunUrls: string[]; turnUrls: string[]; turnSecret: string | undefined };
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws a ConfigError listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const database: Config['database'] =
    e.DATABASE_URL && !e.DATABASE_URL.startsWith('sqlite:')
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : {
          kind: 'sqlite',
          file: e.DATABASE_URL ? e.DATABASE_URL.slice('sqlite:'.length) : path.join(dataDir, 'leadcast.db'),
        };
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    publicBaseUrl,
    database,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    jobs: { workerName: e.JOB_WORKER_NAME ?? `${os.hostname()}:${e.PORT}` },
    trustProxy: e.TRUST_PROXY,
    session: { idleHours: e.SESSION_IDLE_HOURS, maxDays: e.SESSION_MAX_DAYS },
    rateLimits: {
      registrationPerMinute: e.REGISTRATION_RATE_LIMIT_PER_MINUTE,
      loginPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
      publicPerMinute: e.PUBLIC_RATE_LIMIT_PER_MINUTE,
    },
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    offerUploadMaxBytes: e.OFFER_UPLOAD_MAX_BYTES,
    imageMaxPixels: e.IMAGE_MAX_PIXELS,
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      ratePerMinute: e.MAIL_RATE_PER_MINUTE,
      bounceSecret: e.MAIL_BOUNCE_SECRET,
    },
    defaultLocale: e.DEFAULT_LOCALE,
    live: {
      ingest: e.LIVE_INGEST,
      rtmpPort: e.RTMP_PORT,
      rtmpHost: e.RTMP_HOST ?? e.HOST,
      rtmpMaxConnections: e.RTMP_MAX_CONNECTIONS,
      rtmpMaxConnectionsPerAddress: e.RTMP_MAX_CONNECTIONS_PER_ADDRESS,
      rtmpHandshakeTimeoutMs: e.RTMP_HANDSHAKE_TIMEOUT_MS,
      rtmpPublicUrl: (
        e.RTMP_PUBLIC_URL ?? `rtmp://${new URL(publicBaseUrl).hostname}:${e.RTMP_PORT}/live`
      ).replace(/\/+$/, ''),
      ffmpegPath: e.FFMPEG_PATH,
      segmentSeconds: e.LIVE_SEGMENT_SECONDS,
      ladder: e.LIVE_TRANSCODE_LADDER,
      playbackUrlTemplate: e.LIVE_PLAYBACK_URL_TEMPLATE,
      flvUrlTemplate: e.LIVE_FLV_URL_TEMPLATE,
    },
    room: {
      tickMs: e.ROOM_TICK_MS,
      maxBufferedBytes: e.ROOM_MAX_BUFFERED_KB * 1024,
      connectsPerMinute: e.ROOM_CONNECTS_PER_MINUTE,
      postBurst: e.ROOM_POST_BURST,
      staffRecheckMs: e.ROOM_STAFF_RECHECK_MS,
      channelPrefix: e.ROOM_CHANNEL_PREFIX,
    },
    sop: { digestHourUtc: e.SOP_DIGEST_HOUR_UTC },
    webhooks: {
      allowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      concurrencyPerDestination: e.WEBHOOK_CONCURRENCY_PER_DESTINATION,
    },
    studio: {
      stunUrls: e.STUDIO_STUN_URLS ? e.STUDIO_STUN_URLS.split(',') : [],
      turnUrls: e.STUDIO_TURN_URLS ? e.STUDIO_TURN_URLS.split(',') : [],
      turnSecret: e.STUDIO_TURN_SECRET,
    },
  });
}
