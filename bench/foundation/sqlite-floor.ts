// The SQLite floor under a registration: the rows one registration reads and writes (the
// duplicate check, the contact upsert, the registration and its confirmation-email job),
// one statement each, run straight through better-sqlite3 — no HTTP, no Kysely, no email rendering — on the
// real schema (LeadCast's migrations) with LeadCast's pragmas, in group-commit-sized
// transactions. What it costs (the cheapest of three runs) is CPU no server code can avoid; the foundation benchmark
// prints it beside the HTTP figures. Runs in its own process so its CPU is measured alone.
//
//   node --import tsx bench/foundation/sqlite-floor.ts     (prints one JSON line)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';

export interface Floor {
  registrations: number;
  batch: number;
  cpuUs: number;
  perSecond: number;
}

const REGISTRATIONS = 20_000;
const BATCH = 32;

async function measure(): Promise<Floor> {
  const { openDatabase } = await import('../../src/db/database.js');
  const { newId, newSecretToken } = await import('../../src/ids.js');
  const { insertEvent } = await import('../../test/support/rows.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-floor-'));
  const file = path.join(dir, 'leadcast.sqlite');
  try {
    const migrated = openDatabase({ kind: 'sqlite', file }, { checkpoint: false });
    await migrated.migrate();
    const event = await insertEvent(migrated.kysely, { id: 'e1' });
    await migrated.close();

    const db = new SQLite(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    // As in LeadCast, checkpoints are another thread's work.
    db.pragma('wal_autocheckpoint = 0');
    const existing = db.prepare('select * from registrations where event_id = ? and email = ?');
    const contact = db.prepare(
      `insert into contacts (id, email, name, phone, company, job_title, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (email) do update set name = excluded.name, phone = excluded.phone,
         company = excluded.company, job_title = excluded.job_title, updated_at = excluded.updated_at
       returning id`,
    );
    const registration = db.prepare(
      `insert into registrations (id, event_id, contact_id, email, name, phone, company, job_title, join_token,
         status, locale, consent_text, consent_version, consented_at, channel, referred_by, utm, user_agent,
         created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, null, ?, 'active', 'zh-CN', ?, 1, ?, null, null, null, ?, ?, ?)
       on conflict (event_id, email) do nothing returning id`,
    );
    const job = db.prepare(
      `insert into jobs (id, type, payload, status, attempts, max_attempts, run_at, locked_until, last_error,
         idempotency_key, created_at, updated_at)
       values (?, 'registration.confirmation', ?, 'pending', 0, 5, ?, null, null, ?, ?, ?)
       on conflict do nothing`,
    );
    const consent = 'I agree that the organiser may contact me about this event and related offers.';
    let n = 0;
    const one = () => {
      const now = new Date().toISOString();
      const email = `floor${n++}@bench.example`;
      existing.get(event.id, email);
      const { id: contactId } = contact.get(
        newId(),
        email,
        '测试 用户',
        '+8613800138000',
        'Bench Co',
        null,
        now,
        now,
      ) as {
        id: string;
      };
      const id = newId();
      registration.get(
        id,
        event.id,
        contactId,
        email,
        '测试 用户',
        '+8613800138000',
        'Bench Co',
        newSecretToken(),
        consent,
        now,
        'autocannon',
        now,
        now,
      );
      job.run(
        newId(),
        JSON.stringify({ registration_id: id }),
        now,
        `registration.confirmation:${id}`,
        now,
        now,
      );
    };
    const batch = db.transaction(() => {
      for (let i = 0; i < BATCH; i++) one();
    });
    // Warm the statements and the page cache, then measure.
    for (let i = 0; i < 20; i++) batch();
    const start = process.cpuUsage();
    const startedAt = n;
    while (n - startedAt < REGISTRATIONS) batch();
    const used = process.cpuUsage(start);
    db.close();
    const cpuUs = (used.user + used.system) / (n - startedAt);
    return { registrations: n - startedAt, batch: BATCH, cpuUs, perSecond: 1e6 / cpuUs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the measurement in a child process and returns what it printed. */
function measureInChild(): Promise<Floor> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Floor) : reject(new Error(`sqlite floor exited ${code}`)),
    );
  });
}

/** The cheapest of three runs, each in its own process: a floor, not an average. */
export async function sqliteFloor(): Promise<Floor> {
  const runs: Floor[] = [];
  for (let i = 0; i < 3; i++) runs.push(await measureInChild());
  return runs.reduce((best, r) => (r.cpuUs < best.cpuUs ? r : best));
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  console.log(JSON.stringify(await measure()));
}
