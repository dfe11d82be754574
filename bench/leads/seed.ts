// The lead-scoring data set shared by the leads benchmarks (run.ts, under-rescore.ts): a
// fresh database (a temp SQLite folder, or a new PostgreSQL database), and in it one ended
// event whose CONTACTS contacts each have one registration and one attendance row, with
// FACTS room interactions spread over the registrations (seven types).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { newId } from '../../src/ids.js';

export type Dialect = 'sqlite' | 'postgres';

export const PG_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const TYPES = [
  'question',
  'poll_answer',
  'offer_click',
  'offer_download',
  'chat_message',
  'question_upvote',
  'checkin',
] as const;
const TITLES = ['VP Marketing', '市场总监', 'Engineer', '销售经理', 'CEO', ''];

/** A fresh, empty database for one run: the environment that points at it, and how to remove it. */
export interface BenchDatabase {
  dataDir: string;
  /** DATA_DIR, and DATABASE_URL for PostgreSQL: give the same to a server started on it. */
  env: Record<string, string>;
  remove: () => Promise<void>;
}

export async function benchDatabase(dialect: Dialect): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-bench-leads-'));
  const env: Record<string, string> = { DATA_DIR: dataDir };
  let drop = async () => {};
  if (dialect === 'postgres') {
    const name = `lc_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  return {
    dataDir,
    env,
    remove: async () => {
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens a bench database as the product does (migrated), for seeding or direct measurement. */
export async function openBenchDatabase(bench: BenchDatabase) {
  const db = openDatabase(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...bench.env }).database);
  await db.migrate();
  return db;
}

export interface Seeded {
  /** Every seeded registration id, in insertion order. */
  regIds: string[];
  /** Registration id → contact id. */
  contactOf: Map<string, string>;
  seconds: number;
}

/** Seeds the contacts, registrations, attendance and interactions (ANALYZE on PostgreSQL). */
export async function seedLeads(
  k: Kysely<Database>,
  dialect: Dialect,
  contactsCount: number,
  factsCount: number,
): Promise<Seeded> {
  const at = new Date().toISOString();
  const t0 = performance.now();
  await k
    .insertInto('events')
    .values({
      id: 'ev1',
      slug: 'bench',
      title: 'Bench',
      summary: '',
      topic: '',
      target_audience: '',
      pain_point: '',
      why_now: '',
      format: 'slides_speaker',
      status: 'ended',
      language: 'en',
      timezone: 'UTC',
      starts_at: at,
      ends_at: at,
      cover_file_id: null,
      access: 'registration',
      consent_text: null,
      consent_version: 1,
      schedule_sequence: 0,
      created_by: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  const regIds: string[] = [];
  const contactOf = new Map<string, string>();
  const CH = 500;
  for (let i = 0; i < contactsCount; i += CH) {
    const n = Math.min(CH, contactsCount - i);
    const contacts = Array.from({ length: n }, (_, j) => ({
      id: newId(),
      email: `p${i + j}@bench.example`,
      name: `Person ${i + j}`,
      phone: null,
      company: `Co ${(i + j) % 997}`,
      job_title: TITLES[(i + j) % TITLES.length]!,
      created_at: at,
      updated_at: at,
    }));
    const regs = contacts.map((c) => ({
      id: newId(),
      event_id: 'ev1',
      contact_id: c.id,
      email: c.email,
      name: c.name,
      phone: null,
      company: c.company,
      job_title: c.job_title,
      join_token: newId(),
      status: 'active' as const,
      locale: 'en',
      consent_text: 'ok',
      consent_version: 1,
      consented_at: at,
      channel: null,
      referred_by: null,
      utm: null,
      user_agent: null,
      created_at: at,
      updated_at: at,
    }));
    await k.transaction().execute(async (trx) => {
      await trx.insertInto('contacts').values(contacts).execute();
      await trx.insertInto('registrations').values(regs).execute();
      await trx
        .insertInto('room_attendance')
        .values(
          regs.map((r, j) => ({
            id: newId(),
            event_id: 'ev1',
            viewer_id: r.id,
            registration_id: r.id,
            display_name: r.name,
            device: 'desktop' as const,
            joined_at: at,
            left_at: at,
            live_seconds: ((i + j) * 37) % 3600,
            replay_seconds: ((i + j) * 11) % 1800,
            client_key: null,
          })),
        )
        .execute();
    });
    for (const r of regs) {
      regIds.push(r.id);
      contactOf.set(r.id, r.contact_id);
    }
  }
  for (let i = 0; i < factsCount; i += 2000) {
    const rows = Array.from({ length: Math.min(2000, factsCount - i) }, (_, j) => {
      const reg = regIds[((i + j) * 7919) % regIds.length]!;
      return {
        id: newId(),
        event_id: 'ev1',
        registration_id: reg,
        viewer_id: reg,
        type: TYPES[(i + j) % TYPES.length]!,
        payload: '{}',
        at,
      };
    });
    await k.transaction().execute(async (trx) => {
      for (let c = 0; c < rows.length; c += CH)
        await trx
          .insertInto('room_interactions')
          .values(rows.slice(c, c + CH))
          .execute();
    });
  }
  // As PostgreSQL's autovacuum would after a bulk insert (insert threshold, PostgreSQL 13+):
  // statistics, and the visibility map that lets the scorer's index-only reads skip the heap.
  // Read right after the load instead, each chunk fetched 20,000 heap rows (run 3's 77 s).
  if (dialect === 'postgres') await sql.raw('vacuum analyze').execute(k);
  return { regIds, contactOf, seconds: (performance.now() - t0) / 1000 };
}
