import type { FastifyInstance } from 'fastify';
import { renderRoomIntro, roomCover } from '../pages/room-intro.js';
import { sizedCover, speakerPhotos } from '../pages/routes.js';
import type { Services } from '../services.js';
import { mediaRoutes } from './media-routes.js';
import { livePages } from './pages.js';
import { liveApiRoutes, liveHookRoutes } from './routes.js';

/** Every live route; the RTMP server, ffmpeg children and HTTP-FLV viewers stop with the app. */
export function registerLive(app: FastifyInstance, services: Services) {
  const { live, accounts, config, assets, events, files, offers } = services;
  liveApiRoutes(app, { accounts, live });
  liveHookRoutes(app, { live, config });
  mediaRoutes(app, live);
  livePages(app, {
    live,
    accounts,
    config,
    assets,
    async intro(event, locale, joinToken, beforeLive) {
      const { speakers, agenda } = await events.getEventDetail(event.id);
      const cover = await sizedCover(files, event);
      // The replay shows the offers flagged for the pages; the live room has its offer cards.
      const isReplay = event.status === 'ended' || event.status === 'on_demand';
      return {
        cover: roomCover(cover),
        info: renderRoomIntro({
          event,
          speakers,
          agenda,
          cover,
          photos: await speakerPhotos(files, speakers),
          locale,
          baseUrl: config.publicBaseUrl,
          joinToken,
          beforeLive,
          offers: isReplay && joinToken ? await offers.forPages(event.id) : [],
        }),
      };
    },
  });
  // preClose, not onClose: the HTTP server waits for open responses before onClose hooks
  // run, and an HTTP-FLV response only ends when its ingest session does.
  app.addHook('preClose', () => live.stop());
}
