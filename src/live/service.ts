import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { installSecret } from '../db/secrets.js';
import { AppError } from '../errors.js';
import type { Events } from '../events/events.js';
import type { EventStatus } from '../events/tables.js';
import { t } from '../i18n/index.js';
import { newSecretToken } from '../ids.js';
import type { Registrations } from '../registration/registrations.js';
import { type EventRow, type EventsPort, eventsPort } from './events-port.js';
import { parseLadder, resolveFfmpeg } from './ffmpeg-args.js';
import type { StreamHealth } from './health.js';
import { IngestSession, type PublisherConnection } from './ingest.js';
import { MediaStatusCache } from './media-status.js';
import { parsePlaylist, selectReplay, totalSeconds, vodPlaylist } from './replay.js';
import type { PublishDecision, PublishRequest, RtmpConnection } from './rtmp/connection.js';
import { RtmpServer } from './rtmp/server.js';
import {
  closeWindow,
  endBlocker,
  goLiveBlocker,
  openWindow,
  parseWindows,
  publishBlocker,
  type RoomState,
  roomState,
  type StudioState,
  studioState,
} from './state.js';

export type LiveRow = Database['live_streams'];

/** The log calls the live domain makes (Fastify's logger fits). */
export interface LiveLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export const silentLog: LiveLog = { info: () => {}, warn: () => {}, error: () => {} };
type AuditWho = { actorType: 'user' | 'token' | 'system'; actorId: string | null };

/** A publisher silent this long is considered gone: a reconnecting encoder may replace it. */
const STALE_PUBLISHER_MS = 5000;
/** See selectReplay: covers ffmpeg's input probe delay in program date-times. */
const REPLAY_END_SLACK_MS = 5000;

export interface Playback {
  hls: string;
  flv: string | null;
}

export interface RoomStatus {
  state: RoomState;
  starts_at: string;
  playback: Playback | null;
  /**
   * The replay is behind an "invite N to unlock" gate this viewer has not reached: no
   * playback, and how far they are (the room shows the invitation banner beside it).
   */
  replay_locked: { goal: number; remaining: number } | null;
}

/** The settings row holding the key that signs replay URLs (see replayKey). */
const REPLAY_SECRET_KEY = 'live.replay_secret';

/**
 * The live domain: stream keys, the embedded RTMP ingest and its ffmpeg packagers,
 * go live / end, the replay, and what the room and the studio show.
 */
export class LiveService {
  readonly events: EventsPort;
  private rtmp: RtmpServer | undefined;
  private ffmpegPath = '';
  private readonly sessions = new Map<string, IngestSession>();
  private readonly replays = new Map<string, Promise<void>>();
  /** Which event status each media path serves under (see media-routes). */
  readonly mediaStatus = new MediaStatusCache(async (mediaPath) => {
    const row = await this.byMediaPath(mediaPath);
    return row ? (await this.events.get(row.event_id)).status : null;
  });
  rtmpPort = 0;

  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      config: Config;
      events: Events;
      registrations: Registrations;
      log: LiveLog;
      /**
       * Asked before a publish is accepted: a refusal reason when the event streams from the
       * other ingest (the browser studio or an RTMP encoder), else null.
       */
      publishGate?: (eventId: string, via: 'rtmp' | 'studio') => Promise<string | null>;
      /**
       * Asked before the room gives a viewer the replay: the gate's goal and what is left when
       * the replay is the reward of a referral gate this registration has not reached, else
       * null (no gate, another reward, unlocked). `registrationId` is null for anonymous viewers.
       */
      replayGate?: (
        eventId: string,
        registrationId: string | null,
      ) => Promise<{ goal: number; remaining: number } | null>;
    },
  ) {
    this.events = eventsPort(deps.events, deps.registrations);
  }

  private get cfg() {
    return this.deps.config.live;
  }

  get mediaRoot() {
    return path.join(this.deps.config.dataDir, 'media');
  }

  /** Starts the RTMP server (embedded mode) and finishes replays interrupted by a restart. */
  async start(): Promise<void> {
    if (this.cfg.ingest === 'embedded') {
      this.ffmpegPath = await resolveFfmpeg(this.cfg.ffmpegPath);
      this.rtmp = new RtmpServer(
        {
          publish: (req, conn) => this.onPublish(req, conn),
          log: (level, details, message) => this.deps.log[level](details, message),
        },
        {
          maxConnections: this.cfg.rtmpMaxConnections,
          maxPerAddress: this.cfg.rtmpMaxConnectionsPerAddress,
          handshakeTimeoutMs: this.cfg.rtmpHandshakeTimeoutMs,
        },
      );
      this.rtmpPort = await this.rtmp.listen(this.cfg.rtmpPort, this.cfg.rtmpHost);
      this.deps.log.info({ host: this.cfg.rtmpHost, port: this.rtmpPort }, 'RTMP ingest listening');
    }
    const pending = await this.deps.db
      .selectFrom('live_streams')
      .select('event_id')
      .where('replay_status', '=', 'processing')
      .execute();
    for (const row of pending) this.scheduleReplay(row.event_id);
  }

  /** Disconnects encoders and waits for every ffmpeg to exit: nothing outlives the server. */
  async stop(): Promise<void> {
    await this.rtmp?.close();
    await Promise.all([...this.sessions.values()].map((s) => s.stop('server shutting down')));
    await Promise.allSettled(this.replays.values());
  }

  // ---- stream keys -------------------------------------------------------

  async stream(eventId: string): Promise<LiveRow> {
    await this.events.get(eventId);
    const existing = await this.deps.db
      .selectFrom('live_streams')
      .selectAll()
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (existing) return existing;
    const now = this.deps.clock.now().toISOString();
    const row: LiveRow = {
      event_id: eventId,
      stream_key: newStreamKey(),
      media_path: newSecretToken(18),
      live_windows: '[]',
      replay_status: 'none',
      replay_seconds: null,
      replay_error: null,
      key_rotated_at: now,
      created_at: now,
      updated_at: now,
    };
    await this.deps.db
      .insertInto('live_streams')
      .values(row)
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
    return this.deps.db
      .selectFrom('live_streams')
      .selectAll()
      .where('event_id', '=', eventId)
      .executeTakeFirstOrThrow();
  }

  /** A new key; the old one stops working at once and a stream using it is cut. */
  async rotateKey(eventId: string, who: AuditWho): Promise<LiveRow> {
    await this.stream(eventId);
    const now = this.deps.clock.now().toISOString();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('live_streams')
        .set({ stream_key: newStreamKey(), key_rotated_at: now, updated_at: now })
        .where('event_id', '=', eventId)
        .execute();
      await recordAudit(trx, this.deps.clock, {
        ...who,
        action: 'live.key_rotated',
        targetType: 'event',
        targetId: eventId,
      });
    });
    await this.sessions.get(eventId)?.stop('stream key rotated');
    return this.stream(eventId);
  }

  /** What the encoder is told: server URL and key (external mode: key carries the media path). */
  ingestSettings(row: LiveRow) {
    if (this.cfg.ingest === 'external')
      return { server: this.cfg.rtmpPublicUrl, stream_key: `${row.media_path}?key=${row.stream_key}` };
    return { server: this.cfg.rtmpPublicUrl, stream_key: row.stream_key };
  }

  // ---- publish authorisation (embedded RTMP and external hooks) ----------

  /** Checks a stream key; returns the event it belongs to or a refusal reason (logged). */
  async authorizePublish(
    key: string,
    remote: string,
  ): Promise<{ row: LiveRow; event: EventRow } | { reject: string }> {
    const row = key
      ? await this.deps.db
          .selectFrom('live_streams')
          .selectAll()
          .where('stream_key', '=', key)
          .executeTakeFirst()
      : undefined;
    if (!row) {
      this.deps.log.warn({ remote }, 'publish refused: unknown or rotated stream key');
      return { reject: t('en', 'live.refused.badKey') };
    }
    const event = await this.events.get(row.event_id);
    const blocker = publishBlocker(event.status);
    if (blocker) {
      this.deps.log.warn(
        { remote, eventId: event.id, status: event.status },
        'publish refused: event is over',
      );
      return { reject: t('en', blocker) };
    }
    return { row, event };
  }

  private async onPublish(req: PublishRequest, conn: RtmpConnection): Promise<PublishDecision> {
    const auth = await this.authorizePublish(req.streamName, req.remoteAddress);
    if ('reject' in auth) return auth;
    return this.attachPublisher(auth.event.id, conn, { via: 'rtmp', replace: false });
  }

  /**
   * Starts an ingest session for an event whose publisher is authorised (RTMP key checked,
   * or the studio's host signed in). A second publisher is refused while the first still
   * sends, unless `replace` (the same host reconnecting); a silent one is replaced.
   */
  async attachPublisher(
    eventId: string,
    conn: PublisherConnection,
    opts: { via: 'rtmp' | 'studio'; replace: boolean },
  ): Promise<{ accept: IngestSession } | { reject: string }> {
    const remote = conn.remoteAddress;
    const blocker = publishBlocker((await this.events.get(eventId)).status);
    if (blocker) return { reject: t('en', blocker) };
    const gate = await this.deps.publishGate?.(eventId, opts.via);
    if (gate) {
      this.deps.log.warn(
        { remote, eventId, via: opts.via },
        'publish refused: the event uses the other ingest',
      );
      return { reject: gate };
    }
    const current = this.sessions.get(eventId);
    if (current) {
      if (!opts.replace && current.idleMs < STALE_PUBLISHER_MS) {
        this.deps.log.warn({ remote, eventId }, 'publish refused: the event already has a publisher');
        return { reject: t('en', 'live.refused.busy') };
      }
      await current.stop('replaced by a reconnecting encoder');
    }
    const row = await this.stream(eventId);
    const dir = path.join(this.mediaRoot, row.media_path);
    const session = new IngestSession(conn, {
      eventId,
      ffmpegPath: this.ffmpegPath,
      job: {
        liveDir: path.join(dir, 'live'),
        recordDir: path.join(dir, 'rec'),
        segmentSeconds: this.cfg.segmentSeconds,
        liveWindow: 6,
        recordSegmentSeconds: 4,
        ladder: parseLadder(this.cfg.ladder),
      },
      log: this.deps.log,
      onEnded: (s, reason) => {
        if (this.sessions.get(eventId) === s) this.sessions.delete(eventId);
        this.deps.log.info({ eventId, reason }, 'encoder session ended');
      },
    });
    this.sessions.set(eventId, session);
    this.deps.log.info({ eventId, remote, via: opts.via }, 'encoder publishing');
    return { accept: session };
  }

  /** The ffmpeg binary the embedded ingest uses (resolved at start). */
  get ffmpeg(): string {
    return this.ffmpegPath;
  }

  session(eventId: string): IngestSession | undefined {
    return this.sessions.get(eventId);
  }

  // ---- go live / end / replay ---------------------------------------------

  async goLive(eventId: string, who: AuditWho): Promise<EventRow> {
    const event = await this.events.get(eventId);
    const blocker = goLiveBlocker(event.status, this.sessions.has(eventId), this.cfg.ingest === 'embedded');
    if (blocker) throw new AppError('INVALID_STATE', t('en', blocker));
    const row = await this.stream(eventId);
    const now = new Date().toISOString(); // wall clock: windows are matched against ffmpeg's segment times
    await this.setRow(eventId, {
      live_windows: JSON.stringify(openWindow(parseWindows(row.live_windows), now)),
      replay_status: 'none',
      replay_error: null,
    });
    const live = await this.events.transition(eventId, 'live', who);
    this.mediaStatus.forget(row.media_path);
    return live;
  }

  async end(eventId: string, who: AuditWho): Promise<EventRow> {
    const event = await this.events.get(eventId);
    const blocker = endBlocker(event.status);
    if (blocker) throw new AppError('INVALID_STATE', t('en', blocker));
    const row = await this.stream(eventId);
    const now = new Date().toISOString();
    // An external media server records on its side (SRS DVR, MediaMTX record): no replay here.
    const embedded = this.cfg.ingest === 'embedded';
    await this.setRow(eventId, {
      live_windows: JSON.stringify(closeWindow(parseWindows(row.live_windows), now)),
      replay_status: embedded ? 'processing' : 'none',
    });
    const ended = await this.events.transition(eventId, 'ended', who);
    this.mediaStatus.forget(row.media_path);
    if (embedded) this.scheduleReplay(eventId);
    return ended;
  }

  private scheduleReplay(eventId: string) {
    if (this.replays.has(eventId)) return;
    const job = this.produceReplay(eventId)
      .catch(async (err: Error) => {
        this.deps.log.error({ eventId, err: err.message }, 'replay failed');
        await this.setRow(eventId, { replay_status: 'failed', replay_error: err.message });
      })
      .finally(() => this.replays.delete(eventId));
    this.replays.set(eventId, job);
  }

  /** Waits for the replay of an ended event (tests and shutdown use it). */
  async replayDone(eventId: string): Promise<void> {
    await this.replays.get(eventId);
  }

  /**
   * Cuts the encoder (ffmpeg then finalises the recording), keeps the recorded segments
   * that fall inside the live windows, writes a VOD playlist and moves the event to
   * on-demand.
   */
  private async produceReplay(eventId: string): Promise<void> {
    await this.sessions.get(eventId)?.stop('event ended');
    const row = await this.stream(eventId);
    const recordDir = path.join(this.mediaRoot, row.media_path, 'rec');
    const source = path.join(recordDir, 'index.m3u8');
    if (!fs.existsSync(source)) throw new Error('nothing was recorded');
    const segments = selectReplay(
      parsePlaylist(fs.readFileSync(source, 'utf8')),
      parseWindows(row.live_windows),
      Date.now(),
      REPLAY_END_SLACK_MS,
    );
    if (segments.length === 0) throw new Error('no recorded media inside the live period');
    const tmp = path.join(recordDir, 'replay.m3u8.tmp');
    fs.writeFileSync(tmp, vodPlaylist(segments));
    fs.renameSync(tmp, path.join(recordDir, 'replay.m3u8'));
    await this.setRow(eventId, {
      replay_status: 'ready',
      replay_seconds: Math.round(totalSeconds(segments) * 1000) / 1000,
      replay_error: null,
    });
    const event = await this.events.get(eventId);
    if (event.status === 'ended')
      await this.events.transition(eventId, 'on_demand', { actorType: 'system', actorId: null });
    this.mediaStatus.forget(row.media_path);
  }

  private async setRow(eventId: string, patch: Partial<LiveRow>) {
    await this.deps.db
      .updateTable('live_streams')
      .set({ ...patch, updated_at: this.deps.clock.now().toISOString() })
      .where('event_id', '=', eventId)
      .execute();
  }

  // ---- what pages show -------------------------------------------------------

  playback(row: LiveRow): Playback {
    const { playbackUrlTemplate, flvUrlTemplate } = this.cfg;
    if (this.cfg.ingest === 'external' && playbackUrlTemplate) {
      return {
        hls: playbackUrlTemplate.replaceAll('{path}', row.media_path),
        flv: flvUrlTemplate?.replaceAll('{path}', row.media_path) ?? null,
      };
    }
    return { hls: `/media/${row.media_path}/live/index.m3u8`, flv: `/media/${row.media_path}/live.flv` };
  }

  private replaySecret: Promise<string> | undefined;

  /**
   * The key in a replay's URLs: an HMAC of the media path under a secret of this install
   * (shared by every process through `settings`). The live URLs carry only the media path,
   * so someone who watched the live cannot derive the replay's address: a room that keeps
   * the replay behind a referral gate gives it only to those who unlocked it.
   */
  async replayKey(mediaPath: string): Promise<string> {
    this.replaySecret ??= installSecret(this.deps.db, REPLAY_SECRET_KEY).catch((err) => {
      this.replaySecret = undefined;
      throw err;
    });
    return createHmac('sha256', await this.replaySecret)
      .update(`replay:${mediaPath}`)
      .digest('base64url')
      .slice(0, 22);
  }

  async isReplayKey(mediaPath: string, key: string): Promise<boolean> {
    const expected = Buffer.from(await this.replayKey(mediaPath));
    const given = Buffer.from(key);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  async replayUrl(row: LiveRow): Promise<string> {
    return `/media/${row.media_path}/rec/${await this.replayKey(row.media_path)}/replay.m3u8`;
  }

  /**
   * What the audience sees; read-only (public pages never create a studio row). `viewer`
   * is the registration watching (null: an anonymous viewer of an open event), asked of
   * the replay's referral gate.
   */
  async roomStatus(event: EventRow, viewer: { registrationId: string | null }): Promise<RoomStatus> {
    const row = await this.deps.db
      .selectFrom('live_streams')
      .selectAll()
      .where('event_id', '=', event.id)
      .executeTakeFirst();
    const state = roomState(event.status, row?.replay_status ?? 'none');
    let playback: Playback | null = null;
    let replayLocked: RoomStatus['replay_locked'] = null;
    if (row && state === 'live') playback = this.playback(row);
    if (row && state === 'replay') {
      replayLocked = (await this.deps.replayGate?.(event.id, viewer.registrationId)) ?? null;
      if (!replayLocked) playback = { hls: await this.replayUrl(row), flv: null };
    }
    return { state, starts_at: event.starts_at, playback, replay_locked: replayLocked };
  }

  async studioStatus(eventId: string): Promise<{
    state: StudioState;
    event_status: EventStatus;
    health: StreamHealth | null;
    preview: string | null;
    replay: { status: string; seconds: number | null; error: string | null };
  }> {
    const event = await this.events.get(eventId);
    const row = await this.stream(eventId);
    const session = this.sessions.get(eventId);
    const state = studioState(event.status, session !== undefined, row.replay_status);
    // Once ended, the live playlist is no longer served (media-routes): nothing to preview until the replay.
    const preview =
      state === 'replay' ? await this.replayUrl(row) : state === 'ended' ? null : this.playback(row).hls;
    return {
      state,
      event_status: event.status,
      health: session?.health() ?? null,
      preview,
      replay: { status: row.replay_status, seconds: row.replay_seconds, error: row.replay_error },
    };
  }

  /** Resolves a media path to the event it serves (for HTTP-FLV viewers). */
  async byMediaPath(mediaPath: string): Promise<LiveRow | undefined> {
    return this.deps.db
      .selectFrom('live_streams')
      .selectAll()
      .where('media_path', '=', mediaPath)
      .executeTakeFirst();
  }
}

/** 24 random bytes, prefixed so a leaked key is recognisable in logs and secret scanners. */
const newStreamKey = () => `lc_live_${newSecretToken(24)}`;
