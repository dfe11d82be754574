import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { EventRow, Events } from '../events/events.js';
import type { Assets } from '../http/assets.js';
import { t, translator } from '../i18n/index.js';
import { registrationIcs } from '../registration/ics.js';
import type { Registrations } from '../registration/registrations.js';
import { registrationInput } from '../registration/schemas.js';
import { renderConfirmation, renderMessagePage } from './confirmation.js';
import { consentTextFor, type FormState, renderLanding } from './landing.js';
import { pageLocale } from './locale.js';
import { PageCache, sendPage } from './page-cache.js';

const CARRY_KEYS = ['channel', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'];
const LANDING_SCRIPT = 'audience/landing.ts';

type Slug = { Params: { slug: string } };
type SlugToken = { Params: { slug: string; token: string } };

/** Tracking parameters from the landing URL, carried into the form as hidden fields. */
function carriedParams(source: unknown): Record<string, string> {
  const q = (source ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    CARRY_KEYS.filter((k) => typeof q[k] === 'string' && (q[k] as string).length <= 120).map((k) => [
      k,
      q[k] as string,
    ]),
  );
}

export function pageRoutes(
  app: FastifyInstance,
  deps: { config: Config; events: Events; registrations: Registrations; assets: Assets },
) {
  const { config, events, registrations, assets } = deps;
  const baseUrl = config.publicBaseUrl;
  const script = () => (assets.has(LANDING_SCRIPT) ? assets.script(LANDING_SCRIPT) : undefined);
  const publicLimit = { rateLimit: { max: config.rateLimits.publicPerMinute, timeWindow: 60_000 } };
  const registrationLimit = {
    rateLimit: { max: config.rateLimits.registrationPerMinute, timeWindow: 60_000 },
  };

  const pages = new PageCache();

  const sendHtml = (reply: FastifyReply, status: number, body: string, cacheControl = 'no-cache') =>
    reply.status(status).header('cache-control', cacheControl).type('text/html; charset=utf-8').send(body);

  const notFoundPage = (req: FastifyRequest, reply: FastifyReply) => {
    const locale = pageLocale(req, undefined, config.defaultLocale);
    return sendHtml(
      reply,
      404,
      renderMessagePage(locale, baseUrl, t(locale, 'page.not_found.title'), t(locale, 'page.not_found.body')),
    );
  };

  async function publicEvent(slug: string): Promise<EventRow | undefined> {
    const event = await events.findEventBySlug(slug);
    return event && event.status !== 'draft' ? event : undefined;
  }

  async function renderLandingFor(req: FastifyRequest, event: EventRow, form?: FormState) {
    const locale = pageLocale(req, event.language);
    const carry = carriedParams(form ? form.values : req.query);
    const { speakers, agenda } = await events.getEventDetail(event.id);
    return renderLanding({ event, speakers, agenda, locale, baseUrl, form, carry, script: script() });
  }

  app.get<Slug>('/e/:slug', { config: publicLimit }, async (req, reply) => {
    const cacheControl = 'public, max-age=0, must-revalidate';
    // Links with tracking parameters render their hidden fields, so only plain URLs are cached.
    const plain = Object.keys(carriedParams(req.query)).length === 0;
    // The page's language depends only on ?lang and the event (see pageLocale).
    const urlKey = `${req.params.slug}|${String((req.query as Record<string, unknown>).lang ?? '')}`;
    const recent = plain ? pages.recent(urlKey) : undefined;
    if (recent) return sendPage(req, reply, recent, cacheControl);
    const event = await publicEvent(req.params.slug);
    if (!event) return notFoundPage(req, reply);
    if (!plain) return sendHtml(reply, 200, await renderLandingFor(req, event), cacheControl);
    const versionKey = `${event.id}|${event.updated_at}|${event.status}|${pageLocale(req, event.language)}`;
    return sendPage(
      req,
      reply,
      await pages.version(versionKey, urlKey, () => renderLandingFor(req, event)),
      cacheControl,
    );
  });

  app.post<Slug>('/e/:slug/register', { config: registrationLimit }, async (req, reply) => {
    const event = await publicEvent(req.params.slug);
    if (!event) return notFoundPage(req, reply);
    const locale = pageLocale(req, event.language);
    const tr = translator(locale);
    const values = Object.fromEntries(
      Object.entries((req.body ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string'),
    ) as Record<string, string>;
    const parsed = registrationInput.safeParse(values);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '_');
        // A filled honeypot is reported for the whole form, never next to the hidden field.
        const key = field === 'website' ? '_' : field;
        errors[key] ??= tr(issue.message);
      }
      return sendHtml(reply, 400, await renderLandingFor(req, event, { values, errors }));
    }
    const { registration, created } = await registrations.register(event, parsed.data, {
      locale,
      consentText: consentTextFor(event, locale),
      userAgent: req.headers['user-agent'],
    });
    const again = created ? '' : '&again=1';
    return reply.redirect(
      `/e/${event.slug}/registered/${registration.join_token}?lang=${locale}${again}`,
      303,
    );
  });

  app.get<SlugToken>('/e/:slug/registered/:token', { config: publicLimit }, async (req, reply) => {
    const found = await registrations.findByJoinToken(req.params.token);
    if (!found || found.event.slug !== req.params.slug) return notFoundPage(req, reply);
    const locale = pageLocale(req, found.event.language);
    const alreadyRegistered = (req.query as Record<string, unknown>).again === '1';
    return sendHtml(
      reply.header('referrer-policy', 'no-referrer'),
      200,
      renderConfirmation({
        event: found.event,
        locale,
        baseUrl,
        joinToken: found.registration.join_token,
        alreadyRegistered,
        script: script(),
      }),
      'private, no-store',
    );
  });

  app.get<SlugToken>(
    '/e/:slug/registered/:token/calendar.ics',
    { config: publicLimit },
    async (req, reply) => {
      const found = await registrations.findByJoinToken(req.params.token);
      if (!found || found.event.slug !== req.params.slug) return notFoundPage(req, reply);
      const { event, registration } = found;
      const ics = registrationIcs(event, registration, baseUrl);
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${event.slug}.ics"`)
        .type('text/calendar; charset=utf-8')
        .send(ics);
    },
  );
}
