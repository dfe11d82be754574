import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';

export interface JobThread {
  /** Finishes the batch in hand, closes the thread's connection, ends the thread. */
  stop(): Promise<void>;
}

const RESTART_MS = 1000;

/**
 * From the build the runner is runner.js next to this file. From sources (tsx, as in
 * tests) it is runner.ts, and a worker does not inherit tsx's loader: a small bootstrap
 * registers it first.
 */
function workerEntry(): { source: string | URL; eval: boolean } {
  if (!import.meta.url.endsWith('.ts'))
    return { source: new URL('./runner.js', import.meta.url), eval: false };
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const runner = JSON.stringify(new URL('./runner.ts', import.meta.url).href);
  return {
    source: `import(${tsx}).then(({ register }) => { register(); return import(${runner}); })`,
    eval: true,
  };
}

/**
 * Runs the durable job loop on its own thread, with its own database connection (see
 * runner.ts), so a burst of emails and later webhooks never competes with requests and
 * the live room for the request thread. The job table is the only channel between the
 * two: the request thread enqueues in its transactions, the job thread claims. A thread
 * that dies is started again after a second; its claimed jobs are taken over when their
 * lease ends.
 */
export function startJobThread(log: FastifyBaseLogger): JobThread {
  const entry = workerEntry();
  let worker: Worker;
  let alive = false;
  let stopping = false;
  let restart: NodeJS.Timeout | undefined;

  const spawn = () => {
    worker = new Worker(entry.source, { eval: entry.eval });
    alive = true;
    worker.on('error', (err) => log.error({ err }, 'job thread failed'));
    worker.on('exit', (code) => {
      alive = false;
      if (stopping) return;
      log.error({ code }, 'job thread exited; starting it again');
      restart = setTimeout(spawn, RESTART_MS);
      restart.unref();
    });
  };
  spawn();

  return {
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        clearTimeout(restart);
        if (!alive) return resolve();
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
