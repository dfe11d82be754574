import { buildApp } from './app.js';
import { systemClock } from './clock.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { type Listener, listenProblem, portProblem } from './http/ports.js';
import { type JobThread, startJobThread } from './jobs/thread.js';
import { createLogger, logFormat, setupBanner } from './logging.js';
import { createServices } from './services.js';

function listenersOf(config: Config): Listener[] {
  const http = { setting: 'PORT', host: config.host, port: config.port };
  if (config.live.ingest !== 'embedded') return [http];
  return [http, { setting: 'RTMP_PORT', host: config.live.rtmpHost, port: config.live.rtmpPort }];
}

/** The composition root: read config, open the database, wire services, listen. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  // Before the database or any server: a taken port is one clear line, nothing half-started.
  const listeners = listenersOf(config);
  const blocked = await portProblem(listeners);
  if (blocked) {
    console.error(blocked);
    process.exit(1);
  }
  const db = openDatabase(config.database);
  await db.migrate();
  const logger = createLogger(config);
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

  try {
    // RTMP first: the HTTP "listening" line then means every listener is up.
    await services.live.start();
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    // Taken between the check above and now (another program started meanwhile).
    const listener = listeners.find((l) => l.port === (err as { port?: number }).port);
    if (!listener || !(err as NodeJS.ErrnoException).code) throw err;
    console.error(listenProblem(err as NodeJS.ErrnoException, listener));
    process.exit(1);
  }
  // Jobs run on their own thread and connection; an in-memory database has only this one.
  if (config.database.kind === 'sqlite' && config.database.file === ':memory:') {
    services.jobs.start();
    await services.sop.digest.schedule();
    await services.weeklyEmail.schedule();
  } else jobThread = startJobThread(app.log);
  app.log.info({ database: config.database.kind, url: config.publicBaseUrl }, 'LeadCast is running');
  const setupToken = await services.accounts.issueSetupToken();
  if (setupToken) {
    const url = `${config.publicBaseUrl}/admin/#/setup/${setupToken}`;
    if (logFormat(config.logFormat) === 'pretty')
      process.stdout.write(setupBanner(url, process.stdout.isTTY));
    else app.log.warn({ setup_url: url }, `No administrator yet. Create one here: ${url}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
