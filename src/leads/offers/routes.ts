import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Accounts } from '../../accounts/accounts.js';
import type { Permission } from '../../accounts/permissions.js';
import type { Config } from '../../config.js';
import type { Events } from '../../events/events.js';
import { readUpload } from '../../files/routes.js';
import { auditActor, authorize } from '../../http/guard.js';
import { t } from '../../i18n/index.js';
import { renderMessagePage } from '../../pages/confirmation.js';
import { pageLocale } from '../../pages/locale.js';
import type { Offers, Taken } from './offers.js';
import { renderGatePage } from './page.js';
import * as s from './schemas.js';
import { offerApiView } from './views.js';

type Id = { Params: { id: string } };
type OfferId = { Params: { id: string; offerId: string } };
type Link = { Params: { token: string; offerId: string } };
const tags = ['offers'];

/** A download's file name: the offer's title, made safe for a header, with the type's extension. */
function attachment(title: string, extension: string) {
  const base =
    title
      .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'offer';
  const ascii = base.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}.${extension}"; filename*=UTF-8''${encodeURIComponent(`${base}.${extension}`)}`;
}

/** Offers: the team's API per event, and each registration's own offer link (`/o/:token/:offerId`). */
export function offerRoutes(
  app: FastifyInstance,
  deps: { accounts: Accounts; config: Config; events: Events; offers: Offers },
) {
  const { accounts, config, events, offers } = deps;
  const doc = (
    permission: Permission,
    operationId: string,
    summary: string,
    response: z.ZodType,
    extra: { body?: z.ZodType; status?: number; upload?: boolean } = {},
  ) => ({
    preHandler: authorize(accounts, permission),
    config: { doc: { operationId, summary, tags, permission, response, ...extra } },
  });
  const one = async (eventId: string, offerId: string) => {
    const [row] = await offers.list(eventId, offerId);
    return { offer: offerApiView(row!) };
  };

  app.get<Id>(
    '/api/v1/events/:id/offers',
    doc('events:read', 'listOffers', "The event's offers with their downloads", s.offerListResponse),
    async (req) => {
      const event = await events.getEvent(req.params.id);
      return { offers: (await offers.list(event.id)).map(offerApiView) };
    },
  );

  app.post<Id>(
    '/api/v1/events/:id/offers',
    doc(
      'events:write',
      'createOffer',
      'Add an offer: a link, or a file uploaded next; gated or not by a short form; on the confirmation and replay pages or not (audit-logged)',
      s.offerResponse,
      { body: s.offerInput, status: 201 },
    ),
    async (req, reply) => {
      const event = await events.getEvent(req.params.id);
      const offer = await offers.create(auditActor(req.actor!), event.id, req.body);
      return reply.status(201).send(await one(event.id, offer.id));
    },
  );

  app.patch<OfferId>(
    '/api/v1/events/:id/offers/:offerId',
    doc(
      'events:write',
      'updateOffer',
      "Change an offer's text, link, gate or pages flag (audit-logged)",
      s.offerResponse,
      { body: s.offerPatch },
    ),
    async (req) => {
      const event = await events.getEvent(req.params.id);
      await offers.update(auditActor(req.actor!), event.id, req.params.offerId, req.body);
      return one(event.id, req.params.offerId);
    },
  );

  app.put<OfferId>(
    '/api/v1/events/:id/offers/:offerId/file',
    doc(
      'events:write',
      'uploadOfferFile',
      'Upload the offer\'s file (multipart field "file": PDF, PowerPoint, Word, Excel, ZIP or image); it replaces a link',
      s.offerResponse,
      { upload: true },
    ),
    async (req) => {
      const event = await events.getEvent(req.params.id);
      await offers.getOffer(event.id, req.params.offerId);
      const bytes = await readUpload(req, config.offerUploadMaxBytes);
      await offers.attachFile(auditActor(req.actor!), event.id, req.params.offerId, bytes);
      return one(event.id, req.params.offerId);
    },
  );

  app.get<Id>(
    '/api/v1/events/:id/offers/downloads',
    doc(
      'leads:read',
      'listOfferDownloads',
      "Who took the event's offers: one row per contact and offer, repeats counted",
      s.offerDownloadsResponse,
    ),
    async (req) => {
      const event = await events.getEvent(req.params.id);
      return { downloads: await offers.downloads(event.id) };
    },
  );

  // Each registration's own offer link. The token is the personal join link's secret, so the
  // page is private and never cached or indexed; the rate limit is the public pages'.
  const publicLimit = { rateLimit: { max: config.rateLimits.publicPerMinute, timeWindow: 60_000 } };
  const page = (reply: FastifyReply, status: number, body: string) =>
    reply
      .status(status)
      .header('cache-control', 'private, no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-robots-tag', 'noindex')
      .type('text/html; charset=utf-8')
      .send(body);
  const answer = async (req: FastifyRequest<Link>, reply: FastifyReply, taken: Taken | undefined) => {
    const { token, offerId } = req.params;
    if (!taken) {
      const locale = pageLocale(req, undefined, config.defaultLocale);
      return page(
        reply,
        404,
        renderMessagePage(
          locale,
          config.publicBaseUrl,
          t(locale, 'page.not_found.title'),
          t(locale, 'offers.not_found'),
        ),
      );
    }
    if (taken.kind === 'link')
      return reply.header('cache-control', 'private, no-store').redirect(taken.url, 303);
    if (taken.kind === 'file')
      return reply
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', attachment(taken.name, taken.extension))
        .type(taken.mime)
        .send(taken.bytes);
    const found = await offers.linkContext(token, offerId);
    const locale = pageLocale(req, found.language, config.defaultLocale);
    const values = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, string>;
    return page(
      reply,
      taken.errors ? 400 : 200,
      renderGatePage({
        offer: found.offer,
        eventTitle: found.eventTitle,
        token,
        fields: taken.fields,
        values,
        errors: taken.errors?.fieldsIn(locale) ?? {},
        locale,
        baseUrl: config.publicBaseUrl,
      }),
    );
  };

  app.get<Link>('/o/:token/:offerId', { config: publicLimit }, async (req, reply) =>
    answer(req, reply, await offers.take(req.params.token, req.params.offerId)),
  );
  app.post<Link>('/o/:token/:offerId', { config: publicLimit }, async (req, reply) => {
    const values = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
    return answer(req, reply, await offers.take(req.params.token, req.params.offerId, values));
  });
}
