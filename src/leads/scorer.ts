import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';
import { gatherFacts } from './facts.js';
import { defaultRuleSet, type RuleSet } from './rules.js';
import { engagementScore, scoreFacts } from './scoring.js';
import { historyRow, type OnStageChanged, type StageChange } from './stage-changes.js';

export interface VersionedRules {
  ruleSet: RuleSet;
  version: number;
}

/** The rules in force: the saved ones, or the defaults (version 0) before any save. */
export async function currentRules(
  db: Kysely<Database>,
): Promise<VersionedRules & { updatedAt: string | null }> {
  const row = await db.selectFrom('lead_settings').selectAll().where('id', '=', 'default').executeTakeFirst();
  return row
    ? { ruleSet: JSON.parse(row.rules) as RuleSet, version: row.version, updatedAt: row.updated_at }
    : { ruleSet: defaultRuleSet, version: 0, updatedAt: null };
}

/** Rows per multi-row write: under SQLite's and PostgreSQL's bound-parameter limits. */
const WRITE_CHUNK = 500;
/** Contacts whose results one transaction writes (see scoreContacts). */
const TRANSACTION_CONTACTS = 250;

/**
 * Scores contacts from their facts and writes the results: the lead (score, breakdown,
 * rules version), each registration's engagement, and — for a lead still `new` whose score
 * reached the threshold — the move to MQL with when and which facts, as a history row.
 * Idempotent: scoring the same facts again writes the same values. Returns the contacts
 * that became MQL; `onStageChanged` hears of those moves in the same transaction.
 */
export async function scoreContacts(
  db: Kysely<Database>,
  clock: Clock,
  contactIds: string[],
  rules: VersionedRules,
  onStageChanged?: OnStageChanged,
): Promise<string[]> {
  const { contacts, registrations } = await gatherFacts(db, contactIds);
  if (contacts.size === 0) return [];
  const at = clock.now().toISOString();
  const scored = [...contacts].map(([contactId, facts]) => ({
    contactId,
    ...scoreFacts(facts, rules.ruleSet),
  }));
  const leadRows = scored.map((s) => ({
    contact_id: s.contactId,
    score: s.score,
    breakdown: JSON.stringify(s.breakdown),
    stage: 'new' as const,
    owner_id: null,
    mql_at: null,
    mql_facts: null,
    rules_version: rules.version,
    scored_at: at,
    stage_changed_at: at,
    created_at: at,
  }));
  const engagementRows = registrations.map((r) => ({
    registration_id: r.registrationId,
    event_id: r.eventId,
    contact_id: r.contactId,
    engagement: engagementScore(r.facts, rules.ruleSet),
    updated_at: at,
  }));
  const becameMql: string[] = [];
  // Written a part at a time, each part in its own short transaction with a pause after it:
  // on SQLite a transaction holds the one write lock, which the request thread's
  // registrations and the room's chat wait for (a whole 1,000-contact chunk held it for
  // 20–50 ms). A contact's lead, engagement and MQL move stay in one transaction.
  for (let i = 0; i < scored.length; i += TRANSACTION_CONTACTS) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 1));
    const part = scored.slice(i, i + TRANSACTION_CONTACTS);
    const inPart = new Set(part.map((s) => s.contactId));
    becameMql.push(
      ...(await writeScores(
        db,
        clock,
        at,
        rules,
        part,
        leadRows.filter((r) => inPart.has(r.contact_id)),
        engagementRows.filter((r) => inPart.has(r.contact_id)),
        onStageChanged,
      )),
    );
  }
  return becameMql;
}

/** Writes one part of the scored contacts in one transaction; returns the ones that became MQL. */
async function writeScores(
  db: Kysely<Database>,
  clock: Clock,
  at: string,
  rules: VersionedRules,
  scored: { contactId: string; score: number }[],
  leadRows: Database['leads'][],
  engagementRows: Database['lead_engagement'][],
  onStageChanged?: OnStageChanged,
): Promise<string[]> {
  const crossing = scored.filter((s) => s.score >= rules.ruleSet.mql_threshold);
  const becameMql: string[] = [];
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < leadRows.length; i += WRITE_CHUNK)
      await trx
        .insertInto('leads')
        .values(leadRows.slice(i, i + WRITE_CHUNK))
        .onConflict((oc) =>
          oc.column('contact_id').doUpdateSet((eb) => ({
            score: eb.ref('excluded.score'),
            breakdown: eb.ref('excluded.breakdown'),
            rules_version: eb.ref('excluded.rules_version'),
            scored_at: eb.ref('excluded.scored_at'),
          })),
        )
        .execute();
    for (let i = 0; i < engagementRows.length; i += WRITE_CHUNK)
      await trx
        .insertInto('lead_engagement')
        .values(engagementRows.slice(i, i + WRITE_CHUNK))
        .onConflict((oc) =>
          oc.column('registration_id').doUpdateSet((eb) => ({
            engagement: eb.ref('excluded.engagement'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    if (crossing.length === 0) return;
    // Only a lead still `new` becomes MQL: sales may have moved it meanwhile, and an MQL
    // whose score later drops stays where sales put it. The breakdown just written is the
    // one that crossed the threshold. One statement per chunk: a first full re-score moves
    // many leads at once.
    const scoreOf = new Map(crossing.map((s) => [s.contactId, s.score]));
    for (let i = 0; i < crossing.length; i += WRITE_CHUNK) {
      const moved = await trx
        .updateTable('leads')
        .set((eb) => ({ stage: 'mql', mql_at: at, mql_facts: eb.ref('breakdown'), stage_changed_at: at }))
        .where(
          'contact_id',
          'in',
          crossing.slice(i, i + WRITE_CHUNK).map((s) => s.contactId),
        )
        .where('stage', '=', 'new')
        .returning('contact_id')
        .execute();
      if (moved.length === 0) continue;
      const changes: StageChange[] = moved.map((m) => ({
        historyId: newId(clock.now().getTime()),
        contactId: m.contact_id,
        from: 'new',
        to: 'mql',
        at,
        actorType: 'system',
        actorId: null,
        amount: null,
        currency: null,
        reason: `Score ${scoreOf.get(m.contact_id)} reached the MQL threshold ${rules.ruleSet.mql_threshold}`,
      }));
      await trx.insertInto('lead_stage_history').values(changes.map(historyRow)).execute();
      await onStageChanged?.(trx, changes);
      becameMql.push(...moved.map((m) => m.contact_id));
    }
  });
  return becameMql;
}
