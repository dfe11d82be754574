import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Accounts } from '../accounts/accounts.js';
import { AppError } from '../errors.js';
import { hasPermission, resolveActor } from '../http/guard.js';
import type { LiveService } from '../live/service.js';
import { TokenBucket } from '../room/rate-limit.js';
import type { StudioHub } from './hub.js';
import { INGEST_CLOSE, StudioPublisher } from './ingest.js';
import { MAX_SIGNAL_FRAME_BYTES } from './protocol.js';
import type { Studio } from './studio.js';

const SIGNAL_PATH = /^\/api\/v1\/events\/([A-Za-z0-9_-]{1,64})\/studio\/socket$/;
const INGEST_PATH = /^\/api\/v1\/events\/([A-Za-z0-9_-]{1,64})\/studio\/ingest$/;
/** A MediaRecorder chunk (250 ms of 720p at a few Mbit/s) is well under this. */
const MAX_INGEST_MESSAGE_BYTES = 8 * 1024 * 1024;
const MIME = /^video\/(webm|x-matroska);\s*codecs="?[a-z0-9.,]+"?$/i;

function refuseUpgrade(socket: Duplex, err: unknown): void {
  const e = err instanceof AppError ? err : new AppError('INTERNAL', 'Something went wrong on our side');
  const body = JSON.stringify(e.toJSON());
  socket.end(
    `HTTP/1.1 ${e.status} ${e.code}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Browsers always send Origin; a cookie-authenticated socket from another site is refused. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * The studio's two WebSockets:
 * - `/api/v1/events/:id/studio/socket` — signalling, for the host (staff session with
 *   `live:produce`) or a guest (`?guest=<token>`, rate-limited per address);
 * - `/api/v1/events/:id/studio/ingest?mime=…` — the host's programme (binary MediaRecorder
 *   chunks), for a staff session with `live:produce` only: a guest can never publish.
 */
export function attachStudioSockets(
  app: FastifyInstance,
  deps: {
    accounts: Accounts;
    live: LiveService;
    studio: Studio;
    hub: StudioHub;
    connectsPerMinute: number;
    trustProxy: boolean;
  },
) {
  const { accounts, live, studio, hub } = deps;
  const signalServer = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_SIGNAL_FRAME_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
  });
  const ingestServer = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_INGEST_MESSAGE_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
  });
  const perIp = new Map<string, TokenBucket>();
  const sweep = setInterval(() => perIp.clear(), 60_000);
  sweep.unref();
  /** Which user publishes each event's programme: only they may take over at once (a reload). */
  const publishers = new Map<string, string>();
  const open = new Set<WebSocket>();
  app.addHook('preClose', async () => {
    clearInterval(sweep);
    hub.close();
    for (const ws of open) ws.terminate();
  });

  const clientIp = (req: IncomingMessage) =>
    (deps.trustProxy
      ? String(req.headers['x-forwarded-for'] ?? '')
          .split(',')[0]
          ?.trim()
      : '') ||
    req.socket.remoteAddress ||
    '';

  const staffActor = async (req: IncomingMessage) => {
    const fakeReq = {
      headers: req.headers,
      cookies: app.parseCookie(req.headers.cookie ?? ''),
    } as unknown as FastifyRequest;
    const actor = await resolveActor(accounts, fakeReq);
    if (actor?.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'Sign in to continue');
    if (!hasPermission(actor, 'live:produce'))
      throw new AppError('FORBIDDEN', 'You are not allowed to do this');
    if (!sameOrigin(req)) throw new AppError('FORBIDDEN', 'Cross-site connection refused');
    return actor;
  };

  const upgrade = (server: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer) =>
    new Promise<WebSocket>((resolve) =>
      server.handleUpgrade(req, socket, head, (ws) => {
        open.add(ws);
        ws.on('close', () => open.delete(ws));
        resolve(ws);
      }),
    );

  const admitSignal = async (req: IncomingMessage, socket: Duplex, head: Buffer, eventId: string) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const token = url.searchParams.get('guest');
    if (token !== null) {
      const ip = clientIp(req);
      const bucket =
        perIp.get(ip) ?? new TokenBucket(deps.connectsPerMinute, deps.connectsPerMinute / 60, Date.now());
      perIp.set(ip, bucket);
      if (!bucket.take(Date.now()))
        throw new AppError('RATE_LIMITED', 'Too many connections; try again in a moment');
      const guest = await studio.guestByToken(token);
      if (!guest || guest.eventId !== eventId) throw new AppError('NOT_FOUND', 'Guest link not found');
      const ws = await upgrade(signalServer, req, socket, head);
      await hub.join(eventId, ws, { role: 'guest', guest });
      return;
    }
    const actor = await staffActor(req);
    await live.events.get(eventId);
    const ws = await upgrade(signalServer, req, socket, head);
    await hub.join(eventId, ws, { role: 'host', name: actor.user.name });
  };

  const admitIngest = async (req: IncomingMessage, socket: Duplex, head: Buffer, eventId: string) => {
    const actor = await staffActor(req);
    await live.events.get(eventId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const mimeType = url.searchParams.get('mime') ?? '';
    if (!MIME.test(mimeType))
      throw new AppError('VALIDATION_FAILED', 'Some fields are invalid', {
        fields: { mime: 'A WebM or Matroska MediaRecorder type, e.g. video/webm;codecs=h264,opus' },
      });
    // With an external media server there is no ffmpeg here: the studio needs the embedded ingest.
    if (!live.ffmpeg) throw new AppError('UNAVAILABLE', 'The browser studio needs LIVE_INGEST=embedded');
    const ws = await upgrade(ingestServer, req, socket, head);
    const publisher = new StudioPublisher(ws, req.socket.remoteAddress ?? 'unknown', app.log);
    const decision = await live.attachPublisher(eventId, publisher, {
      via: 'studio',
      replace: publishers.get(eventId) === actor.user.id,
    });
    if ('reject' in decision) {
      ws.send(JSON.stringify({ type: 'refused', message: decision.reject }));
      ws.close(INGEST_CLOSE.refused, 'refused');
      return;
    }
    publishers.set(eventId, actor.user.id);
    publisher.start(decision.accept, { ffmpeg: live.ffmpeg, mimeType, fps: 30, videoKbps: 2500 });
  };

  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const signal = SIGNAL_PATH.exec(path);
    if (signal?.[1]) {
      admitSignal(req, socket, head, signal[1]).catch((err) => refuseUpgrade(socket, err));
      return;
    }
    const ingest = INGEST_PATH.exec(path);
    if (ingest?.[1]) admitIngest(req, socket, head, ingest[1]).catch((err) => refuseUpgrade(socket, err));
  });
}
