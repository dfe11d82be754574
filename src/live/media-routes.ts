import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError, notFound } from '../errors.js';
import type { EventStatus } from '../events/tables.js';
import { MAX_FLV_VIEWERS } from './ingest.js';
import { MediaCache } from './media-cache.js';
import { parsePlaylist } from './replay.js';
import type { LiveService } from './service.js';

const MEDIA_PATH = /^[A-Za-z0-9_-]{24}$/;
const REPLAY_KEY = /^[A-Za-z0-9_-]{22}$/;
/** Live: the media playlist (or ladder master + variants) and its segments. */
const LIVE_FILE = /^(index\.m3u8|s\d{1,9}\.ts|v\d_s\d{1,9}\.ts|v\d\.m3u8)$/;
/** Recording: only the replay and its segments (the raw recording playlist includes rehearsal). */
const REC_FILE = /^(replay\.m3u8|r\d{1,9}\.ts)$/;
/**
 * The live playlist is the backstage preview (rehearsal) and then the live: once the
 * event has ended it is gone, so the only footage left is the replay.
 */
const SERVES_LIVE: ReadonlySet<EventStatus | null> = new Set(['draft', 'scheduled', 'live']);

const PLAYLIST_HEADERS = {
  'content-type': 'application/vnd.apple.mpegurl',
  'cache-control': 'no-cache',
  'access-control-allow-origin': '*',
};
const SEGMENT_HEADERS = {
  'content-type': 'video/mp2t',
  'cache-control': 'public, max-age=31536000, immutable',
  'access-control-allow-origin': '*',
};

/**
 * Serves HLS from DATA_DIR/media/<media path>/…: playlists are never cached (they
 * change every second), segments are immutable (a name is never reused). The media
 * path is random per event, so URLs cannot be derived from the event id; only pages of
 * registered attendees and staff learn it. Also serves the HTTP-FLV low-latency stream.
 */
export function mediaRoutes(app: FastifyInstance, live: LiveService) {
  const cache = new MediaCache();
  // Not async: a cache hit is answered synchronously, the common case under load.
  const send = (reply: FastifyReply, full: string) => {
    const headers = full.endsWith('.m3u8') ? PLAYLIST_HEADERS : SEGMENT_HEADERS;
    const hit = cache.peek(full);
    if (hit) return reply.headers(headers).send(hit);
    return cache.read(full).then(
      (body) => reply.headers(headers).send(body),
      () => reply.send(notFound('Media')),
    );
  };

  /** The segment names a replay playlist references, parsed once per playlist body. */
  const referenced = new WeakMap<Buffer, ReadonlySet<string>>();
  const replaySegments = (playlist: Buffer) => {
    let names = referenced.get(playlist);
    if (!names) {
      names = new Set(parsePlaylist(playlist.toString('utf8')).map((s) => s.uri));
      referenced.set(playlist, names);
    }
    return names;
  };

  app.get<{ Params: { media: string; file: string } }>('/media/:media/live/:file', (req, reply) => {
    const { media, file } = req.params;
    if (!MEDIA_PATH.test(media) || !LIVE_FILE.test(file)) return reply.send(notFound('Media'));
    const full = path.join(live.mediaRoot, media, 'live', file);
    const known = live.mediaStatus.peek(media);
    if (known) return SERVES_LIVE.has(known.status) ? send(reply, full) : reply.send(notFound('Media'));
    return live.mediaStatus
      .get(media)
      .then((status) => (SERVES_LIVE.has(status) ? send(reply, full) : reply.send(notFound('Media'))));
  });

  // The raw recording holds rehearsal and everything between windows: only segments the
  // replay playlist references are served, nothing before a replay exists, and only under
  // the replay's key (LiveService.replayKey), which the live URLs do not reveal.
  app.get<{ Params: { media: string; key: string; file: string } }>(
    '/media/:media/rec/:key/:file',
    async (req, reply) => {
      const { media, key, file } = req.params;
      if (!MEDIA_PATH.test(media) || !REPLAY_KEY.test(key) || !REC_FILE.test(file))
        return reply.send(notFound('Media'));
      if (!(await live.isReplayKey(media, key))) return reply.send(notFound('Media'));
      const dir = path.join(live.mediaRoot, media, 'rec');
      if (file === 'replay.m3u8') return send(reply, path.join(dir, file));
      const playlist = await cache.read(path.join(dir, 'replay.m3u8')).catch(() => undefined);
      if (!playlist || !replaySegments(playlist).has(file)) return reply.send(notFound('Media'));
      return send(reply, path.join(dir, file));
    },
  );

  /** HTTP-FLV for mpegts.js: the RTMP stream relayed as is, starting at the last keyframe. */
  app.get<{ Params: { media: string } }>('/media/:media/live.flv', async (req, reply) => {
    const { media } = req.params;
    if (!MEDIA_PATH.test(media)) throw notFound('Media');
    const row = await live.byMediaPath(media);
    const event = row && (await live.events.get(row.event_id));
    const session = row && live.session(row.event_id);
    if (!event || !session || event.status !== 'live') throw notFound('Live stream');
    if (session.viewerCount >= MAX_FLV_VIEWERS) {
      throw new AppError('UNAVAILABLE', 'The low-latency stream is full; the player falls back to HLS');
    }
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'video/x-flv',
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
    });
    reply.raw.socket?.setNoDelay(true);
    if (!session.addViewer(reply.raw)) reply.raw.end();
  });
}
