import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { startCheckpointer } from './checkpointer.js';
import { openDatabase } from './database.js';

describe('background WAL checkpoints', () => {
  it('move committed pages into the database file off the request thread', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-wal-'));
    const db = openDatabase({ kind: 'sqlite', file: path.join(dir, 'x.db') });
    try {
      await db.migrate();
      for (let i = 0; i < 200; i++)
        await db.kysely
          .insertInto('settings')
          .values({ key: `k${i}`, value: 'v'.repeat(500) })
          .execute();
      const until = Date.now() + 5000;
      while (db.checkpointer!.lastCheckpointed === 0 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 100));
      assert.ok(db.checkpointer!.lastCheckpointed > 0, 'no checkpoint happened');
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the log bounded while another connection writes without pause', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-wal-'));
    const file = path.join(dir, 'x.db');
    const writer = new SQLite(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('synchronous = NORMAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.pragma('busy_timeout = 0');
    writer.pragma('journal_size_limit = 4000000');
    writer.exec('create table t (id integer primary key, body text)');
    const insert = writer.prepare('insert into t (body) values (?)');
    const batch = writer.transaction(() => {
      for (let i = 0; i < 20; i++) insert.run('x'.repeat(2000));
    });
    const checkpointer = startCheckpointer(file, { intervalMs: 20, restartFrames: 256, restartWaitMs: 100 });
    let written = 0;
    let largestLog = 0;
    try {
      // At least 1.5 s, 40 MB and three restarts of the log, and until the largest log is
      // under half of what was written, for at most a minute: on a loaded machine the
      // checkpointer's thread gets less time (its first restart may come late, after a large
      // log), so the test writes until there is enough to judge by, not for a fixed time. A log
      // that is never cut back grows with everything written, so it never gets there and fails.
      const start = Date.now();
      const enough = () =>
        Date.now() >= start + 1500 &&
        written >= 40e6 &&
        checkpointer.restarts >= 3 &&
        largestLog < written / 2;
      while (!enough() && Date.now() < start + 60_000) {
        // As on the request thread: a transaction, then a turn of the event loop.
        try {
          batch();
          written += 20 * 2000;
        } catch (err) {
          // The checkpointer holds writers back while it restarts the log.
          if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
        }
        largestLog = Math.max(largestLog, fs.statSync(`${file}-wal`).size);
        await new Promise((r) => setImmediate(r));
      }
      assert.ok(checkpointer.restarts > 0, 'the log was never restarted');
      // Without restarts the log holds everything written (and more: page headers); with them
      // it is cut back each time, so it stays far below what is written.
      assert.ok(
        largestLog < written / 2,
        `the log grew to ${(largestLog / 1e6).toFixed(0)} MB of ${(written / 1e6).toFixed(0)} MB written`,
      );
    } finally {
      await checkpointer.stop();
      writer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
