import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WebSocketServer } from 'ws';
import type { Accounts } from '../accounts/accounts.js';
import { AppError } from '../errors.js';
import { hasPermission } from '../http/guard.js';
import { deviceOf, HEARTBEAT_SECONDS, watchModeOf } from './attendance.js';
import { attachMember, SESSION_ENDED } from './connection.js';
import type { RoomHub } from './hub.js';
import { type ConnectQuery, identify, roomEvent, viewerSecret } from './identity.js';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from './protocol.js';
import { TokenBucket } from './rate-limit.js';
import type { Member, Room } from './room.js';
import { personalState, staffSnapshot, viewerSnapshot } from './snapshot.js';

export const SOCKET_PATH = /^\/api\/v1\/events\/([A-Za-z0-9_-]{1,64})\/room\/socket$/;
const SNAPSHOT_TTL_MS = 1000;
/** A staff command within this long of the last check does not check again. */
const STAFF_CHECK_CACHE_MS = 5000;

/** Answers a refused upgrade with our usual error body, then closes the socket. */
function refuseUpgrade(socket: Duplex, err: unknown): void {
  const e = err instanceof AppError ? err : new AppError('INTERNAL', 'Something went wrong on our side');
  const body = JSON.stringify(e.toJSON());
  socket.end(
    `HTTP/1.1 ${e.status} ${e.code}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The client's address: behind a trusted proxy, the first X-Forwarded-For hop, so one proxy is not one viewer. */
function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy
    ? String(req.headers['x-forwarded-for'] ?? '')
        .split(',')[0]
        ?.trim()
    : '';
  return forwarded || req.socket.remoteAddress || '';
}

/** Browsers always send Origin; a cookie-authenticated socket from another site is refused (cross-site WebSocket hijacking). */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Viewers' shared snapshot, cached briefly so a reconnect storm does not query the database per socket. */
function cachedViewerSnapshot(hub: RoomHub, room: Room) {
  const now = Date.now();
  if (!room.snapshot || now - room.snapshot.at > SNAPSHOT_TTL_MS) {
    room.snapshot = { at: now, value: viewerSnapshot(hub.deps.db, room.eventId) };
  }
  return room.snapshot.value;
}

/**
 * Serves `GET /api/v1/events/:id/room/socket` upgrades: identify (join token, staff
 * session, or anonymous name for open events), join the room, send `welcome`.
 */
export function attachRoomSockets(
  app: FastifyInstance,
  hub: RoomHub,
  accounts: Accounts,
  limits: { connectsPerMinute: number; trustProxy: boolean; staffRecheckMs: number },
): void {
  const { connectsPerMinute, trustProxy, staffRecheckMs } = limits;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
  });
  const perIp = new Map<string, TokenBucket>();
  let secret: Promise<string> | undefined;
  const sweep = setInterval(() => perIp.clear(), 60_000);
  sweep.unref();

  // A staff socket was authorised once, at connect; the session behind it can end (sign-out,
  // expiry, a disabled user) or its role change while the socket stays open. Each command
  // checks again (at most every STAFF_CHECK_CACHE_MS), and every staffRecheckMs all staff
  // sockets are checked, so one that only listens stops receiving the moderators' feed too.
  const staff = new Set<Member>();
  const stillStaff = async (member: Member) => {
    const current = await accounts.reauthenticate(member.viewer.actor!);
    return !!current && hasPermission(current, 'room:moderate') === member.viewer.canModerate;
  };
  const endSession = (member: Member) => member.ws.close(SESSION_ENDED, 'session ended');
  const recheck = setInterval(() => {
    for (const member of staff)
      stillStaff(member)
        .then((ok) => ok || endSession(member))
        .catch((err) => app.log.error({ err }, 'staff socket check failed'));
  }, staffRecheckMs);
  recheck.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    clearInterval(recheck);
  });

  const admit = async (req: IncomingMessage, socket: Duplex, head: Buffer, eventId: string) => {
    const ip = clientIp(req, trustProxy);
    const bucket = perIp.get(ip) ?? new TokenBucket(connectsPerMinute, connectsPerMinute / 60, Date.now());
    perIp.set(ip, bucket);
    if (!bucket.take(Date.now()))
      throw new AppError('RATE_LIMITED', 'Too many connections; try again in a moment');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query: ConnectQuery = Object.fromEntries(url.searchParams);
    const event = await roomEvent(hub.deps.db, eventId);
    secret ??= viewerSecret(hub.deps.db);
    const fakeReq = {
      headers: req.headers,
      cookies: app.parseCookie(req.headers.cookie ?? ''),
    } as unknown as FastifyRequest;
    const { viewer, viewerToken } = await identify(
      { db: hub.deps.db, accounts, secret: await secret },
      event,
      fakeReq,
      query,
      {
        ip,
        userAgent: req.headers['user-agent'],
        acceptLanguage: req.headers['accept-language'],
      },
    );
    if (viewer.actor?.kind === 'user' && !sameOrigin(req))
      throw new AppError('FORBIDDEN', 'Cross-site connection refused');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const room = hub.room(event.id, watchModeOf(event.status));
      const member: Member = {
        ws,
        eventId: event.id,
        viewer,
        device: deviceOf(req.headers['user-agent']),
        attendanceId: null,
        lastBeatMs: Date.now(),
        liveSeconds: 0,
        replaySeconds: 0,
        dirty: false,
        lagTicks: 0,
        alive: true,
        group: 0,
      };
      const now = () => hub.deps.clock.now().getTime();
      let checkedAt = now();
      const stillAuthorised = viewer.actor
        ? async () => {
            if (now() - checkedAt < STAFF_CHECK_CACHE_MS) return true;
            const ok = await stillStaff(member);
            if (ok) checkedAt = now();
            return ok;
          }
        : undefined;
      if (viewer.actor) staff.add(member);
      attachMember(hub, room, member, app.log, stillAuthorised);
      ws.on('pong', () => {
        member.alive = true;
      });
      ws.on('error', (err) => app.log.debug({ err }, 'room socket error'));
      ws.on('close', () => {
        staff.delete(member);
        hub.leave(member).catch((err) => app.log.error({ err }, 'saving attendance failed'));
      });
      void welcome(hub, room, member, viewerToken).catch((err) => {
        app.log.error({ err }, 'room welcome failed');
        ws.close(1011, 'internal error');
      });
    });
  };

  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = SOCKET_PATH.exec((req.url ?? '').split('?')[0] ?? '');
    if (!match?.[1]) return;
    admit(req, socket, head, match[1]).catch((err) => refuseUpgrade(socket, err));
  });
}

async function welcome(
  hub: RoomHub,
  room: Room,
  member: Member,
  viewerToken: string | undefined,
): Promise<void> {
  await hub.join(room, member);
  const now = hub.deps.clock.now();
  const { viewer } = member;
  const [state, personal] = await Promise.all([
    viewer.canModerate ? staffSnapshot(hub.deps.db, room.eventId, now) : cachedViewerSnapshot(hub, room),
    personalState(hub.deps.db, room.eventId, viewer, now),
  ]);
  if (member.ws.readyState !== 1) return;
  member.ws.send(
    JSON.stringify({
      v: PROTOCOL_VERSION,
      type: 'welcome',
      you: {
        viewerId: viewer.viewerId,
        name: viewer.displayName,
        host: viewer.canModerate,
        ...(viewerToken ? { viewerToken } : {}),
      },
      room: state,
      personal,
      viewers: room.globalCount(Date.now()),
      heartbeatSeconds: HEARTBEAT_SECONDS,
      maxFrameBytes: MAX_FRAME_BYTES,
    }),
  );
}
