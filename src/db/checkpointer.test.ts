import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
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
});
