// Lead scoring at scale: a full re-score of CONTACTS contacts with FACTS room interactions,
// and incremental scoring of one new fact (p50/p99), on SQLite and PostgreSQL.
// Baseline in the same run: one grouped scan of every interaction (the least any full
// re-score must read). Usage: node --import tsx bench/leads/run.ts [sqlite|postgres]
// Env: CONTACTS (100000), FACTS (2000000), TEST_POSTGRES_URL.
import { systemClock } from '../../src/clock.js';
import { newId } from '../../src/ids.js';
import { rescoreJob } from '../../src/leads/rescore.js';
import { defaultRuleSet } from '../../src/leads/rules.js';
import { scoreContacts } from '../../src/leads/scorer.js';
import { percentile } from '../support.js';
import { benchDatabase, type Dialect, openBenchDatabase, seedLeads } from './seed.js';

const CONTACTS = Number(process.env.CONTACTS ?? 100_000);
const FACTS = Number(process.env.FACTS ?? 2_000_000);

async function run(dialect: Dialect) {
  const bench = await benchDatabase(dialect);
  const db = await openBenchDatabase(bench);
  const k = db.kysely;
  const at = new Date().toISOString();
  const { regIds, contactOf, seconds: loadS } = await seedLeads(k, dialect, CONTACTS, FACTS);

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

  // Incremental: one new fact, then its contact scored. Interleaved with the floor of any
  // write a score makes: one committed transaction updating that contact's lead row (on
  // PostgreSQL a commit waits for the WAL flush; SQLite's WAL with synchronous=NORMAL does not).
  const samples: number[] = [];
  const floor: number[] = [];
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
    const f = performance.now();
    await k
      .transaction()
      .execute((trx) =>
        trx
          .updateTable('leads')
          .set({ scored_at: at })
          .where('contact_id', '=', contactOf.get(reg)!)
          .execute(),
      );
    floor.push(performance.now() - f);
  }
  await db.close();
  await bench.remove();
  return {
    dialect,
    loadS,
    baselineS,
    fullS,
    done,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    floorP50: percentile(floor, 50),
    floorP99: percentile(floor, 99),
  };
}

const which = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const r = await run(which);
console.log(
  `${r.dialect}: ${CONTACTS} contacts, ${FACTS} facts (loaded in ${r.loadS.toFixed(1)} s) | baseline grouped scan ${r.baselineS.toFixed(2)} s | ` +
    `full re-score ${r.fullS.toFixed(2)} s (${r.done.status}, ${r.done.done} contacts, ${(r.fullS / r.baselineS).toFixed(1)}× baseline) | ` +
    `incremental one fact p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms | floor: one committed update of the lead p50 ${r.floorP50.toFixed(2)} ms, p99 ${r.floorP99.toFixed(2)} ms`,
);
