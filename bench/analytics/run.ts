// The event dashboard, the live report and the weekly review at scale, on SQLite and PostgreSQL.
// Usage: node --import tsx bench/analytics/run.ts [registrations] [interactions]
// Generates EVENTS events with the registrations spread evenly, 40 % of them attending, a
// 90-minute concurrency curve per event and the interaction facts; then times each report
// against a baseline query over the same rows in the same run (see bench/README.md).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { createAnalytics } from '../../src/analytics/analytics.js';
import { createRollups } from '../../src/analytics/review/rollups.js';
import { leadHistorySource } from '../../src/analytics/sources/lead-history.js';
import { type Dialect, openDatabase } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { createEvents } from '../../src/events/events.js';
import { median, percentile } from '../support.js';

const REGISTRATIONS = Number(process.argv[2] ?? 1_000_000);
const INTERACTIONS = Number(process.argv[3] ?? 2_000_000);
const EVENTS = 500;
const PG_ADMIN = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BASE = '2025-12-01T00:00:00';
const EVENT_GAP_S = 61_200; // an event every 17 hours over the year

/** 0 … n-1 as a row source `s(i)`. */
const series = (d: Dialect, n: number) =>
  d === 'postgres'
    ? `(select i from generate_series(0::bigint, ${n - 1}) i) s`
    : `(with recursive g(i) as (select 0 union all select i + 1 from g where i < ${n - 1}) select i from g) s`;
/** BASE + `seconds` as the stored UTC text. */
const at = (d: Dialect, seconds: string) =>
  d === 'postgres'
    ? `to_char(timestamp '${BASE}' + (${seconds}) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"')`
    : `strftime('%Y-%m-%dT%H:%M:%S.000Z', '${BASE}', '+' || (${seconds}) || ' seconds')`;
const start = (event: string) => `((${event}) * ${EVENT_GAP_S} + 14 * 86400)`;

async function generate(db: Kysely<Database>, d: Dialect) {
  const run = (text: string) => sql.raw(text).execute(db);
  const ev = 'i % 500';
  await run(`insert into events (id, slug, title, summary, topic, target_audience, pain_point, why_now, format, status,
      language, timezone, starts_at, ends_at, cover_file_id, access, consent_text, consent_version, schedule_sequence,
      created_by, created_at, updated_at)
    select 'e' || i, 'event-' || i, 'Event ' || i, '', '', '', '', '', 'slides_speaker', 'ended', 'en', 'Asia/Shanghai',
      ${at(d, start('i'))}, ${at(d, `${start('i')} + 5400`)}, null, 'registration', null, 1, 0, null,
      ${at(d, 'i * 61200')}, ${at(d, 'i * 61200')}
    from ${series(d, EVENTS)}`);
  await run(`insert into contacts (id, email, name, phone, company, job_title, created_at, updated_at)
    select 'c' || i, 'p' || i || '@example.com', 'Person ' || i, null, null, null, '${BASE}Z', '${BASE}Z'
    from ${series(d, REGISTRATIONS)}`);
  // Registered in the 14 days before the event; channel by i % 4; 60 % on phones.
  await run(`insert into registrations (id, event_id, contact_id, email, name, phone, company, job_title, join_token,
      status, locale, consent_text, consent_version, consented_at, channel, referred_by, utm, user_agent, created_at, updated_at)
    select 'r' || i, 'e' || (${ev}), 'c' || i, 'p' || i || '@example.com', 'Person ' || i, null, null, null, 't' || i,
      'active', 'en', 'ok', 1, '${BASE}Z',
      case i % 4 when 0 then 'wechat' when 1 then 'email' when 2 then 'linkedin' else null end, null, null,
      case when i % 5 < 3 then 'Mozilla/5.0 (iPhone) Mobile' else 'Mozilla/5.0 (Windows NT 10.0)' end,
      ${at(d, `${start(ev)} - (i * 7919) % 1209600`)}, ${at(d, `${start(ev)} - (i * 7919) % 1209600`)}
    from ${series(d, REGISTRATIONS)}`);
  // 40 % attend: live (i % 5 = 0), replay a week later (i % 5 = 1).
  await run(`insert into room_attendance (id, event_id, viewer_id, registration_id, display_name, device, joined_at,
      left_at, live_seconds, replay_seconds, client_key)
    select 'a' || i, 'e' || (${ev}), 'r' || i, 'r' || i, 'Person', case when i % 3 = 0 then 'phone' else 'desktop' end,
      ${at(d, `${start(ev)} + (i % 5) * 604800`)}, null,
      case when i % 5 = 0 then (i * 37) % 5400 + 1 else 0 end, case when i % 5 = 1 then (i * 37) % 3600 + 1 else 0 end, null
    from ${series(d, REGISTRATIONS)} where i % 5 < 2`);
  await run(`insert into room_concurrency (event_id, minute, peak)
    select 'e' || (i / 90), ${at(d, `${start('i / 90')} + (i % 90) * 60`)}, (i * 13) % 700
    from ${series(d, EVENTS * 90)}`);
  await run(`insert into room_interactions (id, event_id, registration_id, viewer_id, type, payload, at)
    select 'i' || i, 'e' || (${ev}), 'r' || i, 'r' || i,
      case i % 4 when 0 then 'chat_message' when 1 then 'poll_answer' when 2 then 'offer_click' else 'question' end,
      '{"offerId":"o1"}', ${at(d, `${start(ev)} + i % 5400`)}
    from ${series(d, INTERACTIONS)}`);
  // The leads' stage history: 1 in 35 contacts (live attendees) reach MQL two days after the
  // event, 1 in 385 become a 10,000 opportunity after five days, 1 in 5,005 is won after twenty.
  const move = (to: string, where: string, days: number, amount: string) =>
    run(`insert into lead_stage_history (id, contact_id, from_stage, to_stage, amount, currency, reason, actor_type,
        actor_id, at)
      select '${to}' || i, 'c' || i, null, '${to}', ${amount}, ${amount === 'null' ? 'null' : "'CNY'"}, null, 'system',
        null, ${at(d, `${start(ev)} + ${days} * 86400`)}
      from ${series(d, REGISTRATIONS)} where ${where}`);
  await move('mql', 'i % 35 = 0', 2, 'null');
  await move('opportunity', 'i % 385 = 0', 5, '10000');
  await move('won', 'i % 5005 = 0', 20, '10000');
  // As a running server's background work would: PostgreSQL's autovacuum sets the visibility
  // map (index-only scans), SQLite's checkpointer moves the bulk load out of the WAL.
  await run(d === 'postgres' ? 'vacuum analyze' : 'analyze');
  if (d === 'sqlite') await run('pragma wal_checkpoint(truncate)');
}

async function time(fn: () => Promise<unknown>, runs: number) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return { p50: median(ms), p95: percentile(ms, 95), max: Math.max(...ms) };
}

async function bench(dialect: Dialect) {
  let url = '';
  let cleanup = async () => {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-bench-analytics-'));
  if (dialect === 'postgres') {
    const name = `lc_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(PG_ADMIN);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanup = async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const db = openDatabase(
    dialect === 'postgres' ? { kind: 'postgres', url } : { kind: 'sqlite', file: path.join(dir, 'bench.db') },
  );
  try {
    await db.migrate();
    const t0 = performance.now();
    await generate(db.kysely, dialect);
    const generated = ((performance.now() - t0) / 1000).toFixed(0);
    const clock = { now: () => new Date('2026-11-20T00:00:00.000Z') };
    const leads = leadHistorySource(db.kysely);
    const analytics = createAnalytics({
      db: db.kysely,
      clock,
      events: createEvents({ db: db.kysely, clock }),
      leads,
    });
    // The generated rows went through the triggers, as a running server's would: every event is
    // listed. Building every rollup from the facts is the job thread's work after a bulk load.
    const listed = await db.kysely
      .selectFrom('analytics_changes')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const t1 = performance.now();
    await createRollups({ db: db.kysely, dialect, leads, clock }).refreshAll();
    const rebuilt = ((performance.now() - t1) / 1000).toFixed(1);
    const sample = await analytics.dashboard('e0');
    if (sample.funnel[1]?.count !== REGISTRATIONS / EVENTS)
      throw new Error('generated data is not what the bench expects');
    let n = 0;
    const nextEvent = () => `e${(n++ * 197) % EVENTS}`;
    // Baselines: the least a report can do, reading the same rows without computing anything.
    const eventBaseline = await time(async () => {
      const id = nextEvent();
      await db.kysely
        .selectFrom('registrations')
        .select(['id', 'channel', 'created_at', 'user_agent'])
        .where('event_id', '=', id)
        .execute();
    }, 40);
    const dashboard = await time(() => analytics.dashboard(nextEvent()), 40);
    const live = await time(() => analytics.liveReport(nextEvent()), 40);
    const reviewBaseline = await time(
      () =>
        db.kysely
          .selectFrom('registrations')
          .select((eb) => ['event_id', eb.fn.countAll().as('n')])
          .groupBy('event_id')
          .execute(),
      10,
    );
    const review = await time(() => analytics.weeklyReview(), 10);
    // An event whose facts changed since its rollup (a registration the refresher has not
    // taken yet): the review computes that event afresh on each request.
    await db.kysely.updateTable('registrations').set({ status: 'revoked' }).where('id', '=', 'r0').execute();
    const reviewChanged = await time(() => analytics.weeklyReview(), 10);
    return {
      dialect,
      generated,
      changes: Number(listed.n),
      rebuilt,
      eventBaseline,
      dashboard,
      live,
      reviewBaseline,
      review,
      reviewChanged,
    };
  } finally {
    await db.close();
    await cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (r: { p50: number; p95: number; max: number }) =>
  `${r.p50.toFixed(1)} / ${r.p95.toFixed(1)} / ${r.max.toFixed(1)}`;
console.log(
  `${REGISTRATIONS.toLocaleString('en')} registrations, ${EVENTS} events, ${(REGISTRATIONS * 0.4).toLocaleString('en')} attendance rows, ${INTERACTIONS.toLocaleString('en')} interactions; ms p50 / p95 / max`,
);
console.log(
  '| database | generate (s) | changes listed | rollups built (s) | baseline: one event’s registrations | event dashboard | live report | baseline: registrations per event | weekly review | weekly review, one event changed |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const dialect of (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as Dialect[]) {
  const r = await bench(dialect);
  console.log(
    `| ${r.dialect} | ${r.generated} | ${r.changes.toLocaleString('en')} | ${r.rebuilt} | ${fmt(r.eventBaseline)} | ${fmt(r.dashboard)} | ${fmt(r.live)} | ${fmt(r.reviewBaseline)} | ${fmt(r.review)} | ${fmt(r.reviewChanged)} |`,
  );
}
