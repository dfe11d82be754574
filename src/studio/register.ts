import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { studioPages } from './pages.js';
import { studioRoutes } from './routes.js';
import { attachStudioSockets } from './sockets.js';

/** Every studio route and socket. */
export function registerStudio(app: FastifyInstance, services: Services) {
  const { accounts, live, studio, studioHub, config, assets } = services;
  studioRoutes(app, { accounts, studio, publicBaseUrl: config.publicBaseUrl });
  studioPages(app, { live, studio, accounts, config, assets });
  attachStudioSockets(app, {
    accounts,
    live,
    studio,
    hub: studioHub,
    connectsPerMinute: config.room.connectsPerMinute,
    trustProxy: config.trustProxy,
  });
}
