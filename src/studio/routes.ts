import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Accounts } from '../accounts/accounts.js';
import { AppError, type ErrorCode } from '../errors.js';
import { timestamp } from '../http/formats.js';
import { auditActor, authorize } from '../http/guard.js';
import { line, parseInput } from '../validation.js';
import { MAX_GUESTS } from './scene.js';
import type { Guest, Studio } from './studio.js';

const tags = ['studio'];
const permission = 'live:produce' as const;

const who = (req: FastifyRequest) => {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 'Sign in to continue');
  return auditActor(req.actor);
};

const ingestSource = z.enum(['rtmp', 'studio']);
const guestView = z.object({
  id: z.string(),
  speaker_id: z.string(),
  name: z.string(),
  title: z.string(),
  company: z.string(),
  link: z.url().describe('The personal link to send the guest (no account needed)'),
  created_at: timestamp,
  revoked_at: timestamp.nullable(),
});
const studioResponse = z.object({
  ingest_source: ingestSource.describe(
    'Where the programme comes from: an RTMP encoder or the browser studio',
  ),
  max_guests: z.number().int(),
  speakers: z.array(z.object({ id: z.string(), name: z.string(), title: z.string(), company: z.string() })),
});
const sourceInput = z.object({ source: ingestSource });
const sourceResponse = z.object({ ingest_source: ingestSource });
const guestInput = z.object({ speaker_id: line(64).min(1) });
const guestResponse = z.object({ guest: guestView });
const guestsResponse = z.object({ guests: z.array(guestView) });

/** The browser studio's API: ingest source, guest links (create, list, revoke). */
export function studioRoutes(
  app: FastifyInstance,
  deps: { accounts: Accounts; studio: Studio; publicBaseUrl: string },
) {
  const { accounts, studio, publicBaseUrl } = deps;
  const guard = { preHandler: authorize(accounts, permission) };
  const doc = (
    operationId: string,
    summary: string,
    response: z.ZodType,
    extra: { body?: z.ZodType; status?: number; errors?: ErrorCode[] } = {},
  ) => ({ doc: { operationId, summary, tags, permission, response, ...extra } });
  const view = (g: Guest) => ({
    id: g.id,
    speaker_id: g.speakerId,
    name: g.name,
    title: g.title,
    company: g.company,
    link: `${publicBaseUrl}/g/${g.token}`,
    created_at: g.createdAt,
    revoked_at: g.revokedAt,
  });
  type P = { Params: { id: string } };
  type G = { Params: { id: string; guestId: string } };

  app.get<P>(
    '/api/v1/events/:id/studio',
    {
      ...guard,
      config: doc(
        'getBrowserStudio',
        'Ingest source, guest limit and the speakers guests stand for',
        studioResponse,
      ),
    },
    async (req) => ({
      ingest_source: await studio.source(req.params.id),
      max_guests: MAX_GUESTS,
      speakers: await studio.speakers(req.params.id),
    }),
  );

  app.put<P>(
    '/api/v1/events/:id/studio/ingest-source',
    {
      ...guard,
      config: doc(
        'setIngestSource',
        'Stream from an RTMP encoder or the browser studio; before Go live only (the other publisher is cut)',
        sourceResponse,
        { body: sourceInput, errors: ['INVALID_STATE'] },
      ),
    },
    async (req) => {
      const { source } = parseInput(sourceInput, req.body);
      return { ingest_source: await studio.setSource(req.params.id, source, who(req)) };
    },
  );

  app.get<P>(
    '/api/v1/events/:id/studio/guests',
    { ...guard, config: doc('listStudioGuests', 'Guest links of the event, newest first', guestsResponse) },
    async (req) => ({ guests: (await studio.listGuests(req.params.id)).map(view) }),
  );

  app.post<P>(
    '/api/v1/events/:id/studio/guests',
    {
      ...guard,
      config: doc(
        'createStudioGuest',
        'A personal guest link bound to a speaker (at most four live links)',
        guestResponse,
        {
          body: guestInput,
          status: 201,
          errors: ['CONFLICT'],
        },
      ),
    },
    async (req, reply) => {
      const { speaker_id } = parseInput(guestInput, req.body);
      const guest = await studio.createGuest(req.params.id, speaker_id, who(req));
      return reply.status(201).send({ guest: view(guest) });
    },
  );

  app.post<G>(
    '/api/v1/events/:id/studio/guests/:guestId/revoke',
    {
      ...guard,
      config: doc(
        'revokeStudioGuest',
        'Revoke a guest link: it stops working and a connected guest is cut',
        guestResponse,
      ),
    },
    async (req) => ({ guest: view(await studio.revokeGuest(req.params.id, req.params.guestId, who(req))) }),
  );
}
