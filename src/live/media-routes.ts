import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError, notFound } from '../errors.js';
import { MAX_FLV_VIEWERS } from './ingest.js';
import { MediaCache } from './media-cache.js';
import type { LiveService } from './service.js';

const MEDIA_PATH = /^[A-Za-z0-9_-]{24}$/;
/** Live: the media playlist (or ladder master + variants) and its segments. */
const LIVE_FILE = /^(index\.m3u8|s\d{1,9}\.ts|v\d_s\d{1,9}\.ts|v\d\.m3u8)$/;
/** Recording: only the replay and its segments (the raw recording playlist includes rehearsal). */
const REC_FILE = /^(replay\.m3u8|r\d{1,9}\.ts)$/;

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

  app.get<{ Params: { media: string; file: string } }>('/media/:media/live/:file', (req, reply) => {
    const { media, file } = req.params;
    if (!MEDIA_PATH.test(media) || !LIVE_FILE.test(file)) return reply.send(notFound('Media'));
    return send(reply, path.join(live.mediaRoot, media, 'live', file));
  });

  app.get<{ Params: { media: string; file: string } }>('/media/:media/rec/:file', (req, reply) => {
    const { media, file } = req.params;
    if (!MEDIA_PATH.test(media) || !REC_FILE.test(file)) return reply.send(notFound('Media'));
    return send(reply, path.join(live.mediaRoot, media, 'rec', file));
  });

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
