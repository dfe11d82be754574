import pino from 'pino';
import { buildApp } from './app.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { type JobThread, startJobThread } from './jobs/thread.js';
import { createServices } from './services.js';

/** The composition root: read config, open the database, wire services, listen. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const db = openDatabase(config.database);
  await db.migrate();
  const logger = pino({ level: config.logLevel });
  const services = createServices({ config, db, clock: systemClock, logger });
  const app = await buildApp(services, { loggerInstance: logger });

  let jobThread: JobThread | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await jobThread?.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  // Jobs run on their own thread and connection; an in-memory database has only this one.
  if (config.database.kind === 'sqlite' && config.database.file === ':memory:') {
    services.jobs.start();
    await services.sop.digest.schedule();
  } else jobThread = startJobThread(app.log);
  await services.live.start();
  app.log.info({ database: config.database.kind, url: config.publicBaseUrl }, 'LeadCast is running');
  const setupToken = await services.accounts.issueSetupToken();
  if (setupToken) {
    app.log.warn(
      `No administrator yet. Create one here: ${config.publicBaseUrl}/admin/#/setup/${setupToken}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
