import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Registrations } from '../../registration/registrations.js';
import { POSTER_SIZES, type PosterSize } from './poster.js';
import type { Posters } from './posters.js';

type Params = { Params: { slug: string; token: string }; Querystring: { size?: string; download?: string } };

/**
 * A registrant's invitation poster, by their join token (the confirmation page and email link
 * here): `?size=story|square`, `&download=1` to save it as a file.
 */
export function posterRoutes(
  app: FastifyInstance,
  deps: { config: Config; registrations: Registrations; posters: Posters },
) {
  const { registrations, posters } = deps;
  app.get<Params>(
    '/e/:slug/registered/:token/poster.png',
    { config: { rateLimit: { max: deps.config.rateLimits.publicPerMinute, timeWindow: 60_000 } } },
    async (req, reply) => {
      const found = await registrations.findByJoinToken(req.params.token);
      if (!found || found.event.slug !== req.params.slug)
        return reply.status(404).type('text/plain; charset=utf-8').send('Not found');
      const size: PosterSize =
        req.query.size && req.query.size in POSTER_SIZES ? (req.query.size as PosterSize) : 'story';
      const png = await posters.poster(found.event, found.registration, size);
      if (req.query.download)
        reply.header(
          'content-disposition',
          `attachment; filename="${found.event.slug}-invitation-${size}.png"`,
        );
      return reply
        .header('cache-control', 'private, max-age=3600')
        .header('referrer-policy', 'no-referrer')
        .type('image/png')
        .send(png);
    },
  );
}
