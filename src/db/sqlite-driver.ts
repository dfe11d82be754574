import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';

/** What the driver needs of the connection: prepared statements (cached) and its state. */
export interface SqliteHandle {
  prepare(sql: string): SQLite.Statement;
  readonly inTransaction: boolean;
  close(): void;
}

const isBusy = (err: unknown) =>
  (err as { code?: string } | null)?.code === 'SQLITE_BUSY' ||
  (err as { code?: string } | null)?.code === 'SQLITE_BUSY_SNAPSHOT';

/**
 * Runs `attempt` (one SQLite call) until it stops failing with SQLITE_BUSY,
 * yielding to the event loop between tries instead of sleeping inside SQLite. A failed
 * call had no effect, so trying again is safe.
 */
async function retryWhileBusy<T>(attempt: () => T | Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) throw err;
    }
    // Another connection's transaction is usually a fraction of a millisecond: the first
    // retries come after one turn of the event loop, later ones after a millisecond.
    await new Promise((resolve) => (tries < 16 ? setImmediate(resolve) : setTimeout(resolve, 1)));
  }
}

/**
 * LeadCast has two SQLite connections that write (the request thread and the job thread).
 * SQLite's own busy handler makes a writer that finds the lock taken *sleep* — 1, 2, 5 ms
 * and more — and better-sqlite3 is synchronous, so that sleep would freeze every request
 * on the thread. Here the connection's busy timeout is 0 and waiting happens in
 * JavaScript, between turns of the event loop:
 *
 * - transactions start with BEGIN IMMEDIATE (they take the write lock up front, retried
 *   without blocking), so a statement inside a transaction never waits for the lock — and a
 *   transaction that reads and then writes can no longer fail with SQLITE_BUSY_SNAPSHOT
 *   because the other connection wrote in between, as a deferred BEGIN could;
 * - a statement outside a transaction is retried the same way when it finds the lock taken.
 *
 * Kysely runs one query at a time on the connection (its mutex), so while a transaction
 * waits for the lock the other queries of this thread wait their turn asynchronously.
 */
class YieldingSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly handle: SqliteHandle,
    private readonly timeoutMs: number,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection();
    const { handle, timeoutMs } = this;
    return {
      executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        if (handle.inTransaction) return inner.executeQuery<R>(query);
        return retryWhileBusy(() => inner.executeQuery<R>(query), timeoutMs);
      },
      streamQuery: inner.streamQuery.bind(inner),
    };
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class YieldingSqliteDialect extends SqliteDialect {
  constructor(
    private readonly handle: SqliteHandle,
    private readonly timeoutMs: number,
  ) {
    super({ database: handle as unknown as SqliteDialectConfig['database'] });
  }

  override createDriver(): Driver {
    return new YieldingSqliteDriver({ database: this.handle as never }, this.handle, this.timeoutMs);
  }
}
