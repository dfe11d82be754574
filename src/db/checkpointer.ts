import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Runs SQLite WAL checkpoints on a worker thread with its own connection. Left to the
 * request thread, a checkpoint (which fsyncs) stalls whatever request triggered it for
 * milliseconds; PASSIVE checkpoints from another connection never block writers.
 * The worker is plain CommonJS evaluated from a string so it runs the same from
 * TypeScript sources and from the build.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 50');
const timer = setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ checkpointed: result.checkpointed });
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
  stop(): Promise<void>;
}

export function startCheckpointer(
  file: string,
  intervalMs = 1000,
  onError: (message: string) => void = () => {},
): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, intervalMs, module: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.unref();
  let lastCheckpointed = 0;
  worker.on('message', (m: { checkpointed?: number; error?: string }) => {
    if (m.error) onError(m.error);
    else lastCheckpointed = m.checkpointed ?? 0;
  });
  worker.on('error', (err) => onError(String(err)));
  return {
    get lastCheckpointed() {
      return lastCheckpointed;
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
