// What analytics costs a registration's writes on SQLite: the rows one registration writes
// (contact, registration, confirmation job — the statements of bench/foundation/sqlite-floor.ts)
// in group-commit-sized transactions, on the real schema with and without one analytics piece,
// in alternating windows of the same run (CPU µs each):
// - `rollups` (default): migration 0720's trigger that lists the event in `analytics_changes`
//   (one row and its index entry per registration); the refresher drains the list every few
//   seconds, so this run lets it grow, which costs the trigger at least as much;
// - `index`: migration 0700's `registrations_event_status_created`.
//
//   node --import tsx bench/analytics/registration-cost.ts [rollups|index]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.js';
import { newId, newSecretToken } from '../../src/ids.js';
import { insertEvent } from '../../test/support/rows.js';
import { median } from '../support.js';

const WINDOW = 5_000;
const WINDOWS = 6;
const BATCH = 32;
const PIECE = process.argv[2] === 'index' ? 'index' : 'rollups';

async function writer(file: string, withPiece: boolean) {
  const migrated = openDatabase({ kind: 'sqlite', file }, { checkpoint: false });
  await migrated.migrate();
  await insertEvent(migrated.kysely, { id: 'e1' });
  if (!withPiece && PIECE === 'index')
    await migrated.kysely.schema.dropIndex('registrations_event_status_created').execute();
  if (!withPiece && PIECE === 'rollups')
    await sql`drop trigger analytics_registration_added`.execute(migrated.kysely);
  await sql`delete from analytics_changes`.execute(migrated.kysely);
  await migrated.close();
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  db.pragma('wal_autocheckpoint = 10000');
  const contact = db.prepare(
    `insert into contacts (id, email, name, phone, company, job_title, created_at, updated_at)
     values (?, ?, 'Bench', null, null, null, ?, ?) returning id`,
  );
  const registration = db.prepare(
    `insert into registrations (id, event_id, contact_id, email, name, phone, company, job_title, join_token,
       status, locale, consent_text, consent_version, consented_at, channel, referred_by, utm, user_agent,
       created_at, updated_at)
     values (?, 'e1', ?, ?, 'Bench', null, null, null, ?, 'active', 'en', 'ok', 1, ?, 'wechat', null, null, 'bench', ?, ?)`,
  );
  const job = db.prepare(
    `insert into jobs (id, type, payload, status, attempts, max_attempts, run_at, locked_until, last_error,
       idempotency_key, created_at, updated_at)
     values (?, 'registration.confirmation', '{}', 'pending', 0, 5, ?, null, null, ?, ?, ?)`,
  );
  let n = 0;
  const batch = db.transaction(() => {
    for (let i = 0; i < BATCH; i++) {
      const now = new Date().toISOString();
      const email = `p${n++}@bench.example`;
      const { id: contactId } = contact.get(newId(), email, now, now) as { id: string };
      const id = newId();
      registration.run(id, contactId, email, newSecretToken(), now, now, now);
      job.run(newId(), now, `registration.confirmation:${id}`, now, now);
    }
  });
  return {
    /** CPU µs per registration over one window. */
    window() {
      const start = process.cpuUsage();
      for (let i = 0; i < WINDOW / BATCH; i++) batch();
      const used = process.cpuUsage(start);
      return (used.user + used.system) / (WINDOW - (WINDOW % BATCH));
    },
    close: () => db.close(),
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-analytics-regcost-'));
try {
  const without = await writer(path.join(dir, 'without.db'), false);
  const withPiece = await writer(path.join(dir, 'with.db'), true);
  without.window();
  withPiece.window();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < WINDOWS; i++) {
    a.push(without.window());
    b.push(withPiece.window());
  }
  without.close();
  withPiece.close();
  const ratios = b.map((x, i) => x / a[i]!);
  console.log(
    `registration writes, CPU µs (median of ${WINDOWS} windows of ${WINDOW}): without the analytics ${PIECE === 'index' ? 'index' : 'rollup trigger'} ${median(a).toFixed(1)}, with it ${median(b).toFixed(1)}; paired ratio median ${median(ratios).toFixed(3)} (range ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
