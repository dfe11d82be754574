import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
} from 'fastify';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { EventRow, Events, SpeakerRow } from '../events/events.js';
import type { Files } from '../files/files.js';
import { fileUrl } from '../files/files.js';
import type { Assets } from '../http/assets.js';
import { isLocale, type Locale, t, translator } from '../i18n/index.js';
import { CONTACT_COOKIE, type Forms } from '../leads/forms/forms.js';
import type { FormValues } from '../leads/forms/render.js';
import type { Offers } from '../leads/offers/offers.js';
import type { Organisation } from '../organisation/organisation.js';
import type { Promotion } from '../promotion/promotion.js';
import type { Invitations } from '../promotion/referrals/invitation.js';
import { type Referrals, visitorOf } from '../promotion/referrals/referrals.js';
import { gateBlock, posterBlock, qrSvg, shareActions } from '../promotion/share.js';
import { eventIcs, registrationIcs } from '../registration/ics.js';
import type { RegistrationRow, Registrations } from '../registration/registrations.js';
import { registrationFieldErrors } from '../registration/schemas.js';
import type { Organiser, SizedImage, SpeakerPhotos } from './blocks.js';
import { renderConfirmation, renderMessagePage } from './confirmation.js';
import { FAVICON_SVG } from './favicon.js';
import { html } from './html.js';
import { consentTextFor, type FormState, renderLanding } from './landing.js';
import { pageLocale } from './locale.js';
import { PageCache, sendFreshPage, sendPage } from './page-cache.js';

const CARRY_KEYS = ['channel', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'];
/** A personal invitation link's code (`/i/<code>`, src/promotion/referrals), carried like them. */
CARRY_KEYS.push('ref');
const LANDING_SCRIPT = 'audience/landing.ts';

type Slug = { Params: { slug: string } };
type SlugToken = { Params: { slug: string; token: string } };

/**
 * The event's cover with its size and resized copies (an unreadable header still shows it, at
 * the usual 16:9; a cover without copies yet shows the original and has them queued).
 */
export async function sizedCover(files: Files, event: EventRow): Promise<SizedImage | null> {
  if (!event.cover_file_id) return null;
  return (await files.picture(event.cover_file_id, 'cover')) ?? null;
}

/** The speakers' photos with their resized copies, by file id. */
export async function speakerPhotos(files: Files, speakers: SpeakerRow[]): Promise<SpeakerPhotos> {
  const photos = new Map<string, SizedImage>();
  for (const s of speakers) {
    if (!s.photo_file_id || photos.has(s.photo_file_id)) continue;
    const photo = await files.picture(s.photo_file_id, 'photo');
    if (photo) photos.set(s.photo_file_id, photo);
  }
  return photos;
}

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
  deps: {
    config: Config;
    clock: Clock;
    events: Events;
    registrations: Registrations;
    assets: Assets;
    files: Files;
    organisation: Organisation;
    forms: Forms;
    referrals: Referrals;
    promotion: Pick<Promotion, 'visits' | 'attribution'>;
    invitations: Invitations;
    /** The offers shown on the confirmation page (src/leads/offers). */
    offers: Pick<Offers, 'forPages'>;
  },
  registrationLimit: onRequestHookHandler,
) {
  const {
    config,
    clock,
    events,
    registrations,
    assets,
    files,
    organisation,
    forms,
    referrals,
    promotion,
    invitations,
  } = deps;
  const baseUrl = config.publicBaseUrl;
  const secureCookies = baseUrl.startsWith('https:');
  const script = () => (assets.has(LANDING_SCRIPT) ? assets.script(LANDING_SCRIPT) : undefined);
  const publicLimit = { rateLimit: { max: config.rateLimits.publicPerMinute, timeWindow: 60_000 } };

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

  async function organiser(): Promise<Organiser & { version: string }> {
    const row = await organisation.read();
    return {
      name: row.name,
      logoUrl: fileUrl(row.logo_file_id),
      privacyUrl: row.privacy_url,
      // Keyed by content, not updated_at: two saves in one millisecond still make a new version.
      version: JSON.stringify([row.name, row.logo_file_id, row.privacy_url]),
    };
  }

  const coverOf = (event: EventRow) => sizedCover(files, event);

  /** The returning contact behind a personal link (`k`) or the signed cookie, if any. */
  const recognise = (req: FastifyRequest, token: unknown) =>
    token || req.cookies[CONTACT_COOKIE]
      ? forms.recognise({ token, cookie: req.cookies[CONTACT_COOKIE] })
      : Promise.resolve(undefined);

  async function renderLandingFor(
    req: FastifyRequest,
    event: EventRow,
    form?: FormState,
    returning?: { contactId: string; name: string; token?: string },
  ) {
    const locale = pageLocale(req, event.language);
    const carry = carriedParams(form ? form.values : req.query);
    const { speakers, agenda } = await events.getEventDetail(event.id);
    const { definition } = await forms.current(event.id);
    const known = returning
      ? new Set(Object.keys(await forms.knownProfile(returning.contactId)))
      : new Set<string>();
    return renderLanding({
      formView: { definition, known },
      returning: returning && { name: returning.name, token: returning.token },
      event,
      speakers,
      agenda,
      locale,
      baseUrl,
      cover: await coverOf(event),
      photos: await speakerPhotos(files, speakers),
      organiser: await organiser(),
      form,
      carry,
      script: script(),
      share: await eventShare(event, locale),
    });
  }

  /** Share actions for the event's page; on the confirmation page they carry the registrant's personal link. */
  async function eventShare(
    event: EventRow,
    locale: Locale,
    url = `${baseUrl}/e/${event.slug}`,
    hint?: string,
  ) {
    const tr = translator(locale);
    return shareActions(tr, {
      url,
      title: event.title,
      id: 'share',
      hint,
      wechatQr: await qrSvg(url, `${tr('share.wechat')}: ${url}`),
    });
  }

  /** Pages rendered per request (form errors, confirmation) are compressed too, at a cheaper level. */
  const sendFresh = (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    body: string,
    cacheControl: string,
  ) => sendFreshPage(req, reply.status(status), body, cacheControl);

  // Browsers also ask for /favicon.ico on their own (pages without an icon link, the console).
  for (const path of ['/favicon.svg', '/favicon.ico'])
    app.get(path, (_req, reply) =>
      reply.header('cache-control', 'public, max-age=86400').type('image/svg+xml').send(FAVICON_SVG),
    );

  app.get<Slug>('/e/:slug', { config: publicLimit }, async (req, reply) => {
    const cacheControl = 'public, max-age=0, must-revalidate';
    promotion.visits.noteView(req, reply, req.params.slug);
    // A returning contact (personal link or cookie) gets a page of their own: not cached.
    const token = (req.query as Record<string, unknown>).k;
    const returning = await recognise(req, token);
    if (returning) {
      const event = await publicEvent(req.params.slug);
      if (!event) return notFoundPage(req, reply);
      const page = await renderLandingFor(req, event, undefined, {
        ...returning,
        token: typeof token === 'string' ? token : undefined,
      });
      return sendFresh(req, reply, 200, page, 'private, no-store');
    }
    // Links with tracking parameters render their hidden fields, so only plain URLs are cached.
    const plain = Object.keys(carriedParams(req.query)).length === 0;
    // The page's language depends only on ?lang and the event (see pageLocale).
    const urlKey = `${req.params.slug}|${String((req.query as Record<string, unknown>).lang ?? '')}`;
    const recent = plain ? pages.recent(urlKey) : undefined;
    if (recent) return sendPage(req, reply, recent, cacheControl);
    const event = await publicEvent(req.params.slug);
    if (!event) return notFoundPage(req, reply);
    if (!plain) return sendHtml(reply, 200, await renderLandingFor(req, event), cacheControl);
    const org = await organiser();
    const versionKey = `${event.id}|${event.updated_at}|${event.status}|${org.version}|${pageLocale(req, event.language)}`;
    return sendPage(
      req,
      reply,
      await pages.version(versionKey, urlKey, () => renderLandingFor(req, event)),
      cacheControl,
    );
  });

  /**
   * The form's own refusals are pages in the page's language, never JSON: too large (413)
   * and too many registrations from this address (429, the bucket it shares with the API).
   */
  const formErrorPage = async (err: FastifyError, req: FastifyRequest<Slug>, reply: FastifyReply) => {
    const status = err.statusCode === 429 ? 429 : err.statusCode === 413 ? 413 : undefined;
    if (!status) throw err;
    const event = await publicEvent(req.params.slug).catch(() => undefined);
    const locale = pageLocale(req, event?.language, config.defaultLocale);
    // The rate limiter has already set Retry-After on the reply.
    return sendHtml(
      reply,
      status,
      renderMessagePage(
        locale,
        baseUrl,
        t(locale, 'page.error.title'),
        t(locale, status === 429 ? 'page.error.rate_limited' : 'page.error.too_large'),
      ),
    );
  };

  app.post<Slug>(
    '/e/:slug/register',
    { onRequest: registrationLimit, errorHandler: formErrorPage },
    async (req, reply) => {
      const event = await publicEvent(req.params.slug);
      if (!event) return notFoundPage(req, reply);
      const locale = pageLocale(req, event.language);
      // Strings, and lists of strings for multiple choices (repeated names).
      const values = Object.fromEntries(
        Object.entries((req.body ?? {}) as Record<string, unknown>).filter(
          ([, v]) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
        ),
      ) as FormValues;
      const returning = await recognise(req, values.k);
      const referral = values.ref
        ? await referrals.forRegistration(
            event,
            values.ref,
            visitorOf(req, (await forms.recognise({ cookie: req.cookies[CONTACT_COOKIE] }))?.contactId),
          )
        : undefined;
      const result = await forms.register(event, {
        referral,
        values,
        locale,
        consentText: consentTextFor(event, locale),
        userAgent: req.headers['user-agent'],
        contactId: returning?.contactId,
        attribution: await promotion.attribution(req, event, values),
      });
      if (!result.ok) {
        const errors = registrationFieldErrors(result.error, locale);
        const token = typeof values.k === 'string' ? values.k : undefined;
        const page = await renderLandingFor(
          req,
          event,
          { values, errors },
          returning && { ...returning, token },
        );
        return sendFresh(req, reply, 400, page, 'no-cache');
      }
      const { registration, created } = result;
      // The browser is recognised at this contact's next registration (progressive profiling).
      reply.setCookie(CONTACT_COOKIE, await forms.contactCookie(registration.contact_id), {
        path: '/e/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        maxAge: 365 * 24 * 3600,
      });
      // A repeat never shows the link: whoever typed the address may not own it.
      if (!created)
        return sendHtml(
          reply,
          200,
          renderMessagePage(
            locale,
            baseUrl,
            t(locale, 'confirm.already.title'),
            t(locale, 'confirm.already'),
          ),
          'private, no-store',
        );
      return reply.redirect(`/e/${event.slug}/registered/${registration.join_token}?lang=${locale}`, 303);
    },
  );

  // "Not you?" on a recognised landing page: forget this browser's contact.
  app.get<Slug>('/e/:slug/forget', { config: publicLimit }, async (req, reply) => {
    const lang = (req.query as Record<string, unknown>).lang;
    reply.clearCookie(CONTACT_COOKIE, { path: '/e/' });
    return reply
      .header('cache-control', 'private, no-store')
      .redirect(
        `/e/${encodeURIComponent(req.params.slug)}${isLocale(lang) ? `?lang=${lang}` : ''}#register`,
        303,
      );
  });

  // The form posts here; a refresh, back or bookmark of the resulting URL gets the landing page.
  app.get<Slug>('/e/:slug/register', { config: publicLimit }, async (req, reply) => {
    const lang = (req.query as Record<string, unknown>).lang;
    const query = isLocale(lang) ? `?lang=${lang}` : '';
    return reply.redirect(`/e/${encodeURIComponent(req.params.slug)}${query}#register`, 303);
  });

  app.get<Slug>('/e/:slug/calendar.ics', { config: publicLimit }, async (req, reply) => {
    const event = await publicEvent(req.params.slug);
    if (!event) return notFoundPage(req, reply);
    return reply
      .header('cache-control', 'public, max-age=0, must-revalidate')
      .header('content-disposition', `attachment; filename="${event.slug}.ics"`)
      .type('text/calendar; charset=utf-8')
      .send(eventIcs(event, baseUrl, clock.now()));
  });

  /** The confirmation page's invitations: gate progress, share actions with the personal link, the poster. */
  async function promotionFor(registration: RegistrationRow, event: EventRow, locale: Locale) {
    const invitation = await invitations.of(registration, event.slug);
    const tr = translator(locale);
    const share = await eventShare(event, locale, invitation.invite_url, tr('share.personal_hint'));
    return html`${gateBlock(tr, locale, invitation)}${share}${posterBlock(tr, invitation)}`;
  }

  app.get<SlugToken>('/e/:slug/registered/:token', { config: publicLimit }, async (req, reply) => {
    const found = await registrations.findByJoinToken(req.params.token);
    if (!found || found.event.slug !== req.params.slug) return notFoundPage(req, reply);
    const locale = pageLocale(req, found.event.language);
    const { speakers, agenda } = await events.getEventDetail(found.event.id);
    return sendFresh(
      req,
      reply.header('referrer-policy', 'no-referrer'),
      200,
      renderConfirmation({
        event: found.event,
        agenda,
        speakers,
        organiser: await organiser(),
        locale,
        baseUrl,
        joinToken: found.registration.join_token,
        now: clock.now(),
        script: script(),
        promotion: await promotionFor(found.registration, found.event, locale),
        offers: await deps.offers.forPages(found.event.id),
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
      const ics = registrationIcs(event, registration, baseUrl, clock.now());
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${event.slug}.ics"`)
        .type('text/calendar; charset=utf-8')
        .send(ics);
    },
  );
}
