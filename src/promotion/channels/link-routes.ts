import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Channels } from './channels.js';
import { redirectLocation } from './link.js';

/**
 * `/c/<code>`: the channel's tracking link. Always a 302 to a path on this site (see
 * redirectLocation), never an error page: an unknown code goes to the site root, a channel
 * that stopped attributing to its event without the channel. Rate limited per address.
 */
export function linkRoutes(app: FastifyInstance, deps: { channels: Channels; publicPerMinute: number }) {
  const { channels } = deps;
  const send = async (code: unknown, query: unknown) => redirectLocation(await channels.resolve(code), query);
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
    reply
      .header('cache-control', 'private, no-store')
      .header('referrer-policy', 'no-referrer-when-downgrade')
      .redirect(await send(req.params.code, req.query), 302),
  );
}
