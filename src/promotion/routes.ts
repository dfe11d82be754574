import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { linkRoutes } from './channels/link-routes.js';
import { channelRoutes } from './channels/routes.js';
import { reportRoutes } from './report/routes.js';

/** Every promotion route; each part takes only the services it uses. */
export function promotionRoutes(app: FastifyInstance, services: Services) {
  const { accounts, events, promotion, config } = services;
  channelRoutes(app, { accounts, events, channels: promotion.channels, baseUrl: config.publicBaseUrl });
  reportRoutes(app, { accounts, events, report: promotion.report });
  linkRoutes(app, { channels: promotion.channels, publicPerMinute: config.rateLimits.publicPerMinute });
}
