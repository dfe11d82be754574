import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from './database.js';

describe('SQLite connection settings', () => {
  it('WAL with NORMAL sync, foreign keys enforced, temporary storage in memory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-pragmas-'));
    const db = openDatabase({ kind: 'sqlite', file: path.join(dir, 'x.db') }, { checkpoint: false });
    try {
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(db.kysely)).rows[0] as object)[0];
      assert.equal(await pragma('journal_mode'), 'wal');
      assert.equal(await pragma('synchronous'), 1, 'NORMAL');
      assert.equal(await pragma('foreign_keys'), 1);
      // Statement journals of multi-row writes must not become files in /var/tmp.
      assert.equal(await pragma('temp_store'), 2, 'MEMORY');
      assert.equal(await pragma('busy_timeout'), 0, 'lock waits happen in JavaScript');
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
