import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Channels } from './channels.js';
import { redirectLocation } from './link.js';

/** How long an answered link (path and query) is answered again without work: as long as a resolved code. */
const ANSWER_TTL_MS = 1000;
const ANSWERS_MAX = 10_000;

/**
 * `/c/<code>`: the channel's tracking link. Always a 302 to a path on this site (see
 * redirectLocation), never an error page: an unknown code goes to the site root, a channel
 * that stopped attributing to its event without the channel. Rate limited per address.
 * A link shared in a big group is opened with the same URL thousands of times a minute, so
 * the answer to a URL is kept for a second (bounded), like the code behind it.
 */
export function linkRoutes(app: FastifyInstance, deps: { channels: Channels; publicPerMinute: number }) {
  const { channels } = deps;
  const answers = new Map<string, { location: string; until: number }>();
  const locationFor = async (req: FastifyRequest<{ Params: { code: string } }>) => {
    const now = Date.now();
    const hit = answers.get(req.url);
    if (hit && hit.until > now) return hit.location;
    const location = redirectLocation(await channels.resolve(req.params.code), req.query);
    if (answers.size >= ANSWERS_MAX) answers.clear();
    answers.set(req.url, { location, until: now + ANSWER_TTL_MS });
    return location;
  };
  const options = {
    config: { rateLimit: { max: deps.publicPerMinute, timeWindow: 60_000 } },
    // A link mangled on its way (control characters in the query) still leads somewhere;
    // only the rate limiter's refusal is an answer of its own.
    errorHandler: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      if (err.statusCode === 429) throw err;
      return reply.header('cache-control', 'private, no-store').redirect('/', 302);
    },
  };
  app.get<{ Params: { code: string } }>('/c/:code', options, async (req, reply) =>
    reply.header('cache-control', 'private, no-store').redirect(await locationFor(req), 302),
  );
}
