// The job thread's entry (started by src/jobs/thread.ts): its own configuration, its own
// database connection, and the job loop with every handler. Emails rendered and written
// here cost the request thread nothing.
import { parentPort } from 'node:worker_threads';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createLogger } from '../logging.js';
import { createJobDomain } from '../services.js';

/** How often the job thread looks for events whose weekly-review figures changed. */
const ROLLUP_INTERVAL_MS = 5_000;

const config = loadConfig(process.env);
// The request thread's connection runs the checkpoints; a second checkpointer would only compete.
const db = openDatabase(config.database, { checkpoint: false });
const logger = createLogger(config).child({ thread: 'jobs' });
const { jobs, mailer, email, sop, weeklyEmail, rollups } = createJobDomain({
  config,
  db,
  clock: systemClock,
  logger,
});
jobs.start();
email.start();
// The daily SOP digest: one job per date (idempotent), each run schedules the next.
sop.digest.schedule().catch((err) => logger.error({ err }, 'scheduling the SOP digest failed'));
// The weekly review email: one job per send time (idempotent), each run schedules the next week.
weeklyEmail.schedule().catch((err) => logger.error({ err }, 'scheduling the weekly review email failed'));
// The weekly review's rollups: recompute the events whose facts changed.
rollups.start(ROLLUP_INTERVAL_MS, (err) => logger.error({ err }, 'refreshing the analytics rollups failed'));

parentPort?.on('message', async (message) => {
  if (message !== 'stop') return;
  await jobs.stop();
  await email.stop();
  await rollups.stop();
  // Pooled SMTP connections would keep the thread alive.
  mailer.close();
  await db.close();
  parentPort?.close();
});
