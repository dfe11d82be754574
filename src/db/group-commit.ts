import type { Kysely, Transaction } from 'kysely';

export interface GroupCommitOptions {
  /** Most items written in one transaction. */
  maxBatch: number;
  /** Batches in flight at once: 1 for SQLite (one writer), a few for PostgreSQL's pool. */
  concurrency: number;
}

interface Pending<In, Out> {
  item: In;
  resolve: (value: Out) => void;
  reject: (reason: unknown) => void;
}

/**
 * Group commit: writes that arrive together share one transaction, so a burst of N
 * registrations costs one commit instead of N (a commit, not the inserts, dominates a
 * small write on SQLite and PostgreSQL alike). Each caller still gets its own result.
 *
 * Items arriving while a batch is being written wait for the next one; a lone item is
 * written on the next turn of the event loop, so nobody waits for a timer. If a batch
 * fails, its items are retried one transaction each, so one bad item fails alone and
 * the others are still written. `write` must therefore be safe to run again for an item
 * whose first transaction rolled back.
 */
export function groupCommit<DB, In, Out>(
  db: Kysely<DB>,
  write: (trx: Transaction<DB>, item: In) => Promise<Out>,
  options: GroupCommitOptions,
): (item: In) => Promise<Out> {
  return groupCommitBatch(
    db,
    async (trx, items: In[]) => {
      const out: Out[] = [];
      for (const item of items) out.push(await write(trx, item));
      return out;
    },
    options,
  );
}

/**
 * Group commit whose writer takes the whole batch at once, so it can write it in a few
 * multi-row statements instead of a few statements per item. `writeBatch` returns one
 * result per item, in order; it is called with a single item when a batch is retried item
 * by item.
 */
export function groupCommitBatch<DB, In, Out>(
  db: Kysely<DB>,
  writeBatch: (trx: Transaction<DB>, items: In[]) => Promise<Out[]>,
  options: GroupCommitOptions,
): (item: In) => Promise<Out> {
  let queue: Pending<In, Out>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const writeAlone = async (p: Pending<In, Out>) => {
    try {
      const [result] = await db.transaction().execute((trx) => writeBatch(trx, [p.item]));
      p.resolve(result as Out);
    } catch (err) {
      p.reject(err);
    }
  };

  const runBatch = async (batch: Pending<In, Out>[]) => {
    let results: Out[];
    try {
      results = await db.transaction().execute((trx) =>
        writeBatch(
          trx,
          batch.map((p) => p.item),
        ),
      );
    } catch {
      // Rolled back as a whole: find the culprit by writing each item on its own.
      for (const p of batch) await writeAlone(p);
      return;
    }
    for (const [i, p] of batch.entries()) p.resolve(results[i] as Out);
  };

  const drain = () => {
    scheduled = false;
    while (queue.length > 0 && inFlight < options.concurrency) {
      const batch = queue.slice(0, options.maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      void runBatch(batch).finally(() => {
        inFlight--;
        schedule();
      });
    }
  };

  // setImmediate runs after the event loop has read every request that is already
  // waiting, so those arrive in the same batch.
  const schedule = () => {
    if (scheduled || queue.length === 0 || inFlight >= options.concurrency) return;
    scheduled = true;
    setImmediate(drain);
  };

  return (item) =>
    new Promise<Out>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
