import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../accounts/accounts.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { InProcessBus, RedisBus, type RoomBus } from './bus.js';
import { type HubOptions, RoomHub } from './hub.js';
import { attachRoomSockets } from './socket.js';

/** Ticks a socket may stay over its send-buffer bound (about 3 s at the default tick) before it is dropped. */
const MAX_LAG_SECONDS = 3;

export interface RoomService {
  hub: RoomHub;
  /** Serves the room's WebSocket on `app` and starts the hub; stops it when `app` closes. */
  attach(app: FastifyInstance): void;
  /**
   * Closes a viewer's open sockets in an event's room on every process (through the bus),
   * e.g. when their registration is revoked; they get an error frame and close code 4403.
   */
  endViewer(eventId: string, viewerId: string, reason: string): void;
}

export function createRoomService(deps: {
  config: Config;
  db: Db;
  clock: Clock;
  accounts: Accounts;
  /** Told of each new fact of a registered viewer (see HubOptions.onFact). */
  onFact?: (registrationId: string | null) => void;
  /** See RoomDeps.onOfferDownloaded. */
  onOfferDownloaded?: HubOptions['onOfferDownloaded'];
  /** See RoomDeps.offerLink. */
  offerLink?: HubOptions['offerLink'];
}): RoomService {
  const { config, db, clock, accounts } = deps;
  const bus: RoomBus = config.redisUrl
    ? new RedisBus(config.redisUrl, config.room.channelPrefix, (err) =>
        hub.log?.error({ err }, 'room bus (Redis) error'),
      )
    : new InProcessBus();
  const hub: RoomHub = new RoomHub(db.kysely, clock, bus, {
    tickMs: config.room.tickMs,
    maxBufferedBytes: config.room.maxBufferedBytes,
    maxLagTicks: Math.ceil((MAX_LAG_SECONDS * 1000) / config.room.tickMs),
    postBurst: config.room.postBurst,
    onFact: deps.onFact,
    onOfferDownloaded: deps.onOfferDownloaded,
    offerLink: deps.offerLink,
  });
  return {
    hub,
    endViewer: (eventId, viewerId, reason) => hub.endViewer(eventId, viewerId, reason),
    attach(app) {
      hub.log = app.log;
      attachRoomSockets(app, hub, accounts, {
        connectsPerMinute: config.room.connectsPerMinute,
        trustProxy: config.trustProxy,
        staffRecheckMs: config.room.staffRecheckMs,
      });
      app.addHook('onReady', async () => {
        if (bus instanceof RedisBus) await bus.ready;
        hub.start();
      });
      app.addHook('preClose', () => hub.stop());
    },
  };
}
