import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type MigrationProvider, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { type Checkpointer, startCheckpointer } from './checkpointer.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';
import { type SqliteHandle, YieldingSqliteDialect } from './sqlite-driver.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /** Runs every pending migration; safe to call on every start. */
  migrate(): Promise<void>;
  /** SQLite files only: the background WAL checkpointer. */
  readonly checkpointer?: Checkpointer;
  /** True when the database answers a trivial query. */
  isReachable(): Promise<boolean>;
  close(): Promise<void>;
}

/** How long a write waits for the other connection's lock before failing. */
const BUSY_TIMEOUT_MS = 5000;
/**
 * A checkpoint pass every 250 ms; when more than 4096 frames (16 MB) are left behind,
 * the log is restarted (see startCheckpointer). At thousands of registrations a second
 * the log then stays under about 100 MB.
 */
const CHECKPOINTS = { intervalMs: 250, restartFrames: 4096, restartWaitMs: 100 };
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Kysely prepares every SQLite statement anew; preparing costs more than running a small
 * query. Statements are reusable, and Kysely runs one query at a time on the single
 * connection, so a cache keyed by SQL text is safe. Bounded: the set of distinct SQL
 * texts the app issues is small, but search queries vary.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500): SqliteHandle {
  const cache = new Map<string, SQLite.Statement>();
  return {
    get inTransaction() {
      return sqlite.inTransaction;
    },
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = sqlite.prepare(sqlText);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
    close: () => sqlite.close(),
  };
}

/**
 * Opens the configured database. SQLite runs in WAL mode with NORMAL sync (durable
 * across process crashes, the usual choice for WAL); a writer that finds the other
 * connection's lock taken waits (up to BUSY_TIMEOUT_MS) without blocking its thread.
 */
export function openDatabase(
  database: Config['database'],
  options: {
    /** False for a second connection to a file another connection already checkpoints. */
    checkpoint?: boolean;
  } = {},
): Db {
  let kysely: Kysely<Database>;
  let dialect: Dialect;
  let checkpointer: Checkpointer | undefined;
  if (database.kind === 'sqlite') {
    if (database.file !== ':memory:')
      fs.mkdirSync(path.dirname(path.resolve(database.file)), { recursive: true });
    const sqlite = new SQLite(database.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // Temporary storage (the statement journal that lets one multi-row INSERT … ON CONFLICT
    // inside a transaction be undone alone, sorts, temporary indexes) stays in memory: on
    // disk, every batch of registrations created, wrote and deleted a file in /var/tmp.
    sqlite.pragma('temp_store = MEMORY');
    // Waiting for the other connection's write lock happens in JavaScript, without
    // blocking the thread (see YieldingSqliteDialect), never inside SQLite.
    sqlite.pragma('busy_timeout = 0');
    if (database.file !== ':memory:') {
      // Checkpoints happen on the checkpointer's thread, never on a commit; a log that grew
      // during a burst is cut back to WAL_SIZE_LIMIT when it starts over.
      sqlite.pragma('wal_autocheckpoint = 0');
      sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
      if (options.checkpoint !== false)
        checkpointer = startCheckpointer(database.file, CHECKPOINTS, (message) =>
          console.error(`WAL checkpoint failed: ${message}`),
        );
    }
    kysely = new Kysely<Database>({
      dialect: new YieldingSqliteDialect(withStatementCache(sqlite), BUSY_TIMEOUT_MS),
    });
    dialect = 'sqlite';
  } else {
    const pool = new pg.Pool({ connectionString: database.url, max: 10 });
    // An idle client whose connection dies (server restart, forced database drop while the
    // pool is closing) emits 'error' on the pool; unhandled, that crashes the process. pg
    // drops such a client by itself and the next query opens a new connection.
    pool.on('error', () => {});
    kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    dialect = 'postgres';
  }
  return {
    kysely,
    dialect,
    async migrate() {
      // Domains own number blocks, so one landing later can sort before one already
      // applied (see migrations/index.ts): apply what is missing rather than refuse.
      const migrator = new Migrator({ db: kysely, provider, allowUnorderedMigrations: true });
      const { error, results } = await migrator.migrateToLatest();
      const failed = results?.find((r) => r.status === 'Error');
      if (error || failed) {
        throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
      }
    },
    async isReachable() {
      try {
        await sql`select 1`.execute(kysely);
        return true;
      } catch {
        return false;
      }
    },
    checkpointer,
    async close() {
      await checkpointer?.stop();
      await kysely.destroy();
    },
  };
}

/** Rows counted by `count(*)` come back as bigint strings on PostgreSQL. */
export const toCount = (value: string | number | bigint | undefined | null): number => Number(value ?? 0);
