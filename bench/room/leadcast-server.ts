// LeadCast's real room (buildApp on SQLite in a temp folder) with one open-access live
// event, so load-test viewers can join anonymously.
// Usage: node bench/room/leadcast-server.ts <port> [tick ms, default 100]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app.js';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { createServices } from '../../src/services.js';
import { insertEvent } from '../../test/support/rows.js';
import { answerStats } from './stats.js';

const port = Number(process.argv[2] ?? 0);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-bench-'));
const config = loadConfig({
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
  ROOM_CONNECTS_PER_MINUTE: '10000000',
  ROOM_TICK_MS: process.argv[3] ?? '100',
});
const db = openDatabase(config.database);
await db.migrate();
const services = createServices({ config, db, clock: systemClock });
const app = await buildApp(services, { logger: { level: 'warn' } });
const { id: eventId } = await insertEvent(db.kysely, {
  slug: 'bench',
  title: 'Benchmark',
  status: 'live',
  access: 'open',
});
await app.listen({ port, host: '127.0.0.1' });
answerStats(() => services.room.hub.connectionCount);
process.send?.({
  ready: {
    port: (app.server.address() as { port: number }).port,
    path: `/api/v1/events/${eventId}/room/socket`,
  },
});
process.on('SIGTERM', async () => {
  await app.close();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
