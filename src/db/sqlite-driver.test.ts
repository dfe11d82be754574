import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { openDatabase } from './database.js';

/** A migrated database file and a second, raw connection to it (the "other thread"). */
async function twoConnections() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-busy-'));
  const file = path.join(dir, 'x.db');
  const db = openDatabase({ kind: 'sqlite', file }, { checkpoint: false });
  await db.migrate();
  const other = new SQLite(file);
  return {
    db,
    other,
    async close() {
      other.close();
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const setting = (key: string) => ({ key, value: 'v' });

describe('SQLite writes while another connection holds the write lock', () => {
  it('wait without blocking the thread, then go through once the lock is released', async () => {
    const { db, other, close } = await twoConnections();
    try {
      other.exec('begin immediate');
      other.prepare('insert into settings (key, value) values (?, ?)').run('other', 'v');
      // The other connection commits on a timer of this same thread: a write that slept
      // inside SQLite would hold the thread until its busy timeout and fail.
      let timerRanFirst = false;
      setTimeout(() => {
        timerRanFirst = true;
        other.exec('commit');
      }, 30);
      await db.kysely.insertInto('settings').values(setting('plain')).execute();
      assert.ok(timerRanFirst);
      // A transaction takes the lock up front and waits for it the same way.
      other.exec('begin immediate');
      setTimeout(() => other.exec('commit'), 30);
      await db.kysely.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('settings').select('key').execute();
        await trx
          .insertInto('settings')
          .values(setting(`after-${before.length}`))
          .execute();
      });
      const keys = (await db.kysely.selectFrom('settings').select('key').orderBy('key').execute()).map(
        (r) => r.key,
      );
      assert.deepEqual(keys, ['after-2', 'other', 'plain']);
    } finally {
      await close();
    }
  });

  it('does not wait on reads: WAL readers see the last commit while a writer is busy', async () => {
    const { db, other, close } = await twoConnections();
    try {
      await db.kysely.insertInto('settings').values(setting('committed')).execute();
      other.exec('begin immediate');
      other.prepare('insert into settings (key, value) values (?, ?)').run('uncommitted', 'v');
      const keys = (await db.kysely.selectFrom('settings').select('key').execute()).map((r) => r.key);
      assert.deepEqual(keys, ['committed']);
      other.exec('rollback');
    } finally {
      await close();
    }
  });
});
