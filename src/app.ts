import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  type onRequestHookHandler,
} from 'fastify';
import { passwordResetRoutes } from './accounts/reset-routes.js';
import { accountsRoutes } from './accounts/routes.js';
import { analyticsRoutes } from './analytics/routes.js';
import { eventsRoutes } from './events/routes.js';
import { filesRoutes } from './files/routes.js';
import { serveAssets } from './http/assets.js';
import { installInputBoundary } from './http/boundary.js';
import { installCompression } from './http/compression.js';
import { frameworkErrors, installErrorHandling } from './http/errors.js';
import { installOpenApi } from './http/openapi.js';
import { RequestLog } from './http/request-log.js';
import { t } from './i18n/index.js';
import { formRoutes } from './leads/forms/routes.js';
import { offerRoutes } from './leads/offers/routes.js';
import { leadsRoutes } from './leads/routes.js';
import { registerLive } from './live/register.js';
import { eventEmailRoutes } from './mail/event-routes.js';
import { mailRoutes } from './mail/routes.js';
import { unsubscribePages } from './mail/suppression/pages.js';
import { suppressionRoutes } from './mail/suppression/routes.js';
import { moderationRoutes } from './moderation/routes.js';
import { organisationRoutes } from './organisation/routes.js';
import { renderMessagePage } from './pages/confirmation.js';
import { pageLocale } from './pages/locale.js';
import { pageRoutes } from './pages/routes.js';
import { posterRoutes } from './promotion/posters/routes.js';
import { referralRoutes } from './promotion/referrals/routes.js';
import { promotionRoutes } from './promotion/routes.js';
import { registrationRoutes } from './registration/routes.js';
import { roomRoutes } from './room/routes.js';
import type { Services } from './services.js';
import { sopRoutes } from './sop/routes.js';
import { registerStudio } from './studio/register.js';
import { webhooksRoutes } from './webhooks/routes.js';

export const VERSION = '0.1.0';

/**
 * Builds the configured HTTP application without listening. `main.ts` listens; tests
 * call `app.inject()` or `listen({ port: 0 })`.
 */
export async function buildApp(
  services: Services,
  options: { logger?: FastifyServerOptions['logger']; loggerInstance?: FastifyBaseLogger } = {},
): Promise<FastifyInstance> {
  const { config, db } = services;
  const app = Fastify({
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance }
      : { logger: options.logger ?? { level: config.logLevel } }),
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    frameworkErrors,
    logController: new RequestLog(),
  });
  app.decorateRequest('actor', null);
  app.addHook('onClose', async () => {
    await services.leads.flushNoted();
    await services.promotion.visits.stop();
    await services.jobs.stop();
    await services.email.stop();
    services.mailer.close();
  });
  installErrorHandling(app, (req) => {
    const locale = pageLocale(req, undefined, config.defaultLocale);
    return renderMessagePage(
      locale,
      config.publicBaseUrl,
      t(locale, 'page.not_found.title'),
      t(locale, 'page.not_found.body'),
    );
  });
  await installCompression(app);
  installOpenApi(app, { version: VERSION, serverUrl: config.publicBaseUrl });
  installInputBoundary(app);

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  // Opt-in per route via `config.rateLimit`; public routes set their own limits. A request
  // under its limit carries no rate-limit headers (three headers on every landing-page view
  // cost more than the page itself); a refused one gets 429 with limit and Retry-After.
  await app.register(rateLimit, {
    global: false,
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
  });
  await app.register(multipart, { limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 10 } });
  await serveAssets(app);

  app.get('/', (_req, reply) => reply.redirect('/admin/'));
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const ok = await db.isReachable();
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'database unreachable' });
  });

  // One bucket per address for both ways of registering (the JSON API and the no-JS form):
  // a route's own `config.rateLimit` would get a store of its own, doubling the limit.
  const registrationLimit = app.rateLimit({
    max: config.rateLimits.registrationPerMinute,
    timeWindow: 60_000,
  }) as onRequestHookHandler;
  accountsRoutes(app, services);
  passwordResetRoutes(app, services);
  eventsRoutes(app, services);
  organisationRoutes(app, services);
  registrationRoutes(app, services, registrationLimit);
  formRoutes(app, services);
  filesRoutes(app, services);
  mailRoutes(app, services);
  eventEmailRoutes(app, {
    ...services,
    transportKind: services.mailer.transportKind,
    ratePerMinute: config.mail.ratePerMinute,
    baseUrl: config.publicBaseUrl,
  });
  suppressionRoutes(app, {
    accounts: services.accounts,
    suppression: services.email.suppression,
    bounceSecret: config.mail.bounceSecret,
    publicPerMinute: config.rateLimits.publicPerMinute,
  });
  unsubscribePages(app, {
    suppression: services.email.suppression,
    baseUrl: config.publicBaseUrl,
    publicPerMinute: config.rateLimits.publicPerMinute,
    defaultLocale: config.defaultLocale,
  });
  pageRoutes(app, services, registrationLimit);
  registerLive(app, services);
  registerStudio(app, services);
  roomRoutes(app, services);
  sopRoutes(app, services);
  analyticsRoutes(app, services);
  moderationRoutes(app, services);
  leadsRoutes(app, services);
  offerRoutes(app, services);
  webhooksRoutes(app, services);
  referralRoutes(app, services);
  promotionRoutes(app, services);
  posterRoutes(app, services);
  return app;
}
