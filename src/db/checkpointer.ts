import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Runs SQLite WAL checkpoints on a worker thread with its own connection. Left to the
 * request thread, a checkpoint (which fsyncs) stalls whatever request triggered it for
 * milliseconds; PASSIVE checkpoints from another connection never block writers.
 *
 * A passive checkpoint alone is not enough under load: the log restarts from its beginning
 * only when a writer finds every frame of it already copied, and while the request and job
 * threads write without pause a passive checkpoint never catches up with the end of the
 * log — it grew by 1.3 GB in 8 s of registrations, every write allocating new disk blocks
 * and every page lookup searching a longer log index. So when a passive pass leaves
 * `restartFrames` or more frames in the log, a RESTART checkpoint copies the rest while
 * holding writers back for a moment (they retry without blocking their thread, see
 * YieldingSqliteDialect) and makes the next writer start the log over.
 *
 * The worker is plain CommonJS evaluated from a string so it runs the same from
 * TypeScript sources and from the build.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
// Never sleeps inside SQLite: a RESTART that finds a writer at work polls for the gap
// between two transactions instead (below).
db.pragma('busy_timeout = 0');
const pause = new Int32Array(new SharedArrayBuffer(4));
const restart = () => {
  const until = Date.now() + workerData.restartWaitMs;
  for (;;) {
    const [result] = db.pragma('wal_checkpoint(RESTART)');
    if (result.busy === 0 || Date.now() >= until) return result;
    Atomics.wait(pause, 0, 0, 0.2);
  }
};
const timer = setInterval(() => {
  try {
    let [result] = db.pragma('wal_checkpoint(PASSIVE)');
    let restarted = false;
    if (result.log >= workerData.restartFrames) {
      result = restart();
      restarted = result.busy === 0;
    }
    parentPort.postMessage({ checkpointed: result.checkpointed, restarted });
  } catch (err) {
    parentPort.postMessage({ error: String(err) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Frames moved into the database file by the last background checkpoint. */
  readonly lastCheckpointed: number;
  /** Checkpoints that restarted the log. */
  readonly restarts: number;
  stop(): Promise<void>;
}

export interface CheckpointOptions {
  intervalMs: number;
  /** Frames left after a passive pass that call for a RESTART checkpoint. */
  restartFrames: number;
  /** How long a RESTART keeps looking for a moment when no transaction is writing. */
  restartWaitMs: number;
}

export function startCheckpointer(
  file: string,
  options: CheckpointOptions = { intervalMs: 250, restartFrames: 4096, restartWaitMs: 100 },
  onError: (message: string) => void = () => {},
): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, ...options, module: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.unref();
  let lastCheckpointed = 0;
  let restarts = 0;
  worker.on('message', (m: { checkpointed?: number; restarted?: boolean; error?: string }) => {
    if (m.error) onError(m.error);
    else {
      lastCheckpointed = m.checkpointed ?? 0;
      if (m.restarted) restarts++;
    }
  });
  worker.on('error', (err) => onError(String(err)));
  return {
    get lastCheckpointed() {
      return lastCheckpointed;
    },
    get restarts() {
      return restarts;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        // Keep the process alive until the worker has closed its connection.
        worker.ref();
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
