import type { FastifyBaseLogger } from 'fastify';
import type { RawData } from 'ws';
import { AppError } from '../errors.js';
import { safeParseInput } from '../validation.js';
import { runCommand } from './commands.js';
import type { CommandContext } from './context.js';
import type { RoomHub } from './hub.js';
import { clientFrame, hostCommandTypes, PROTOCOL_VERSION, peekType, viewerCommandTypes } from './protocol.js';
import { TokenBucket } from './rate-limit.js';
import type { Member, Room } from './room.js';

/** Per-connection limits on frames of any kind; posting text has its own bucket (HubOptions.postBurst). */
export const LIMITS = { frames: { burst: 20, perSecond: 10 }, postsPerSecond: 1, strikes: 30, pending: 16 };
const POSTING = new Set(['chat.send', 'question.ask', 'report', 'appeal']);
const KNOWN = new Set<string>([...viewerCommandTypes, ...hostCommandTypes]);

function errorFrame(err: unknown, ref: string | undefined) {
  const e = err instanceof AppError ? err : new AppError('INTERNAL', 'Something went wrong on our side');
  return JSON.stringify({ v: PROTOCOL_VERSION, type: 'error', ...(ref ? { ref } : {}), ...e.toJSON().error });
}

/** Close code for a staff socket whose session ended or whose rights changed: sign in again. */
export const SESSION_ENDED = 4401;

/**
 * Reads one member's frames: rate limits first, then parse and validate, then run
 * commands one at a time (so a client's messages keep their order). Bad frames get an
 * `error` frame; a client that keeps flooding is disconnected. Nothing here throws.
 */
export function attachMember(
  hub: RoomHub,
  room: Room,
  member: Member,
  log: FastifyBaseLogger,
  /** For staff sockets: whether the teammate's session (or API token) still stands, as it did at connect. */
  stillAuthorised?: () => Promise<boolean>,
): void {
  const now = Date.now();
  const frames = new TokenBucket(LIMITS.frames.burst, LIMITS.frames.perSecond, now);
  const posts = new TokenBucket(hub.options.postBurst, LIMITS.postsPerSecond, now);
  const ctx: CommandContext = { deps: hub.deps, eventId: room.eventId, viewer: member.viewer };
  let strikes = 0;
  let pending = 0;
  let queue = Promise.resolve();
  const send = (text: string) => member.ws.readyState === 1 && member.ws.send(text);
  const refuse = (err: AppError, ref?: string) => {
    send(errorFrame(err, ref));
    if (++strikes > LIMITS.strikes) member.ws.close(1008, 'too many bad frames');
  };

  member.ws.on('message', (data: RawData, isBinary: boolean) => {
    const at = Date.now();
    if (!frames.take(at)) return refuse(new AppError('RATE_LIMITED', 'Slow down: too many messages'));
    if (isBinary) return refuse(new AppError('BAD_REQUEST', 'Frames must be JSON text'));
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      return refuse(new AppError('BAD_REQUEST', 'Frames must be JSON', { reason: 'malformed' }));
    }
    const { type, ref } = peekType(raw);
    if (!type || !KNOWN.has(type))
      return refuse(
        new AppError('BAD_REQUEST', `Unknown frame type ${String(type)}`, { reason: 'unknown_type' }),
        ref,
      );
    const parsed = safeParseInput(clientFrame, raw);
    if (!parsed.success) return refuse(parsed.error, ref);
    const cmd = parsed.data;
    if (cmd.type === 'heartbeat') return hub.heartbeat(room, member, cmd.playing);
    if (POSTING.has(cmd.type) && !posts.take(at))
      return refuse(new AppError('RATE_LIMITED', 'Slow down: too many messages'), ref);
    if (pending >= LIMITS.pending)
      return refuse(new AppError('RATE_LIMITED', 'Too many requests in flight'), ref);
    pending++;
    queue = queue.then(async () => {
      try {
        if (stillAuthorised && !(await stillAuthorised())) {
          send(errorFrame(new AppError('UNAUTHENTICATED', 'Your session ended; sign in again'), ref));
          member.ws.close(SESSION_ENDED, 'session ended');
          return;
        }
        const result = await runCommand(ctx, cmd);
        send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'ack', ...(ref ? { ref } : {}), result }));
      } catch (err) {
        if (!(err instanceof AppError)) log.error({ err, type: cmd.type }, 'room command failed');
        send(errorFrame(err, ref));
      } finally {
        pending--;
      }
    });
  });
}
