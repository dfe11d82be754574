// Lead scoring at scale: a full re-score of CONTACTS contacts with FACTS room interactions,
// and incremental scoring of one new fact (p50/p99), on SQLite and PostgreSQL.
// Baseline in the same run: one grouped scan of every interaction (the least any full
// re-score must read). Usage: node --import tsx bench/leads/run.ts [sqlite|postgres]
// Env: CONTACTS (100000), FACTS (2000000), TEST_POSTGRES_URL.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { newId } from '../../src/ids.js';
import { rescoreJob } from '../../src/leads/rescore.js';
import { defaultRuleSet } from '../../src/leads/rules.js';
import { scoreContacts } from '../../src/leads/scorer.js';
import { percentile } from '../support.js';

const CONTACTS = Number(process.env.CONTACTS ?? 100_000);
const FACTS = Number(process.env.FACTS ?? 2_000_000);
const PG_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
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

async function run(dialect: 'sqlite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-bench-leads-'));
  let drop = async () => {};
  const env: Record<string, string> = { NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
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
  const db = openDatabase(loadConfig(env).database);
  await db.migrate();
  const k = db.kysely;
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
  for (let i = 0; i < CONTACTS; i += CH) {
    const n = Math.min(CH, CONTACTS - i);
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
  for (let i = 0; i < FACTS; i += 2000) {
    const rows = Array.from({ length: Math.min(2000, FACTS - i) }, (_, j) => {
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
  if (dialect === 'postgres')
    await db.kysely
      .executeQuery({ sql: 'analyze', parameters: [], query: { kind: 'RawNode' } as never } as never)
      .catch(() => {});
  const loadS = (performance.now() - t0) / 1000;

  // Baseline: one grouped pass over every interaction.
  let t = performance.now();
  await k
    .selectFrom('room_interactions')
    .select((eb) => ['registration_id', 'type', eb.fn.countAll().as('n')])
    .groupBy(['registration_id', 'type'])
    .execute();
  const baselineS = (performance.now() - t) / 1000;

  // Full re-score, as the job runs it.
  await k
    .insertInto('lead_rescores')
    .values({
      id: 'r1',
      status: 'running',
      rules_version: 0,
      total: 0,
      done: 0,
      requested_by: null,
      started_at: at,
      finished_at: null,
    })
    .execute();
  t = performance.now();
  await rescoreJob({ db: k, clock: systemClock })({ rescore_id: 'r1' });
  const fullS = (performance.now() - t) / 1000;
  const done = await k
    .selectFrom('lead_rescores')
    .select(['status', 'done'])
    .where('id', '=', 'r1')
    .executeTakeFirstOrThrow();

  // Incremental: one new fact, then its contact scored.
  const samples: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const reg = regIds[(i * 104729) % regIds.length]!;
    await k
      .insertInto('room_interactions')
      .values({
        id: newId(),
        event_id: 'ev1',
        registration_id: reg,
        viewer_id: reg,
        type: 'question',
        payload: '{}',
        at,
      })
      .execute();
    const s = performance.now();
    await scoreContacts(k, systemClock, [contactOf.get(reg)!], { ruleSet: defaultRuleSet, version: 0 });
    samples.push(performance.now() - s);
  }
  await db.close();
  await drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return {
    dialect,
    loadS,
    baselineS,
    fullS,
    done,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
  };
}

const which = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const r = await run(which);
console.log(
  `${r.dialect}: ${CONTACTS} contacts, ${FACTS} facts (loaded in ${r.loadS.toFixed(1)} s) | baseline grouped scan ${r.baselineS.toFixed(2)} s | ` +
    `full re-score ${r.fullS.toFixed(2)} s (${r.done.status}, ${r.done.done} contacts, ${(r.fullS / r.baselineS).toFixed(1)}× baseline) | ` +
    `incremental one fact p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`,
);
