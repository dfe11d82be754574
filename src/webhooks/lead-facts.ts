import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { BreakdownLine } from '../leads/scoring.js';
import type { StageChange } from '../leads/stage-changes.js';
import type { Fact, Publisher } from './publish.js';

/**
 * `lead.stage_changed` for every move of a lead's stage, and `lead.mql` for a move to MQL
 * (docs/webhooks.md documents both). Read in the transaction that wrote the moves: the lead,
 * its contact and the fit facts a CRM maps onto its own lead object.
 */
export async function leadFacts(trx: Kysely<Database>, changes: StageChange[]): Promise<Fact[]> {
  if (changes.length === 0) return [];
  const rows = await trx
    .selectFrom('leads as l')
    .innerJoin('contacts as c', 'c.id', 'l.contact_id')
    .leftJoin('lead_profiles as p', 'p.contact_id', 'l.contact_id')
    .select([
      'l.contact_id',
      'l.score',
      'l.breakdown',
      'l.owner_id',
      'l.mql_at',
      'l.mql_facts',
      'c.email',
      'c.name',
      'c.phone',
      'c.company',
      'c.job_title',
      'p.industry',
      'p.company_size',
      'p.purchase_timeline',
      'p.budget',
      'p.region',
    ])
    .where('l.contact_id', 'in', [...new Set(changes.map((c) => c.contactId))])
    .execute();
  const byContact = new Map(rows.map((r) => [r.contact_id, r]));
  const reasons = (json: string | null) =>
    json ? (JSON.parse(json) as BreakdownLine[]).map((l) => l.text) : [];
  const facts: Fact[] = [];
  for (const change of changes) {
    const lead = byContact.get(change.contactId);
    if (!lead) continue;
    const common = {
      contact_id: lead.contact_id,
      email: lead.email,
      name: lead.name,
      phone: lead.phone,
      company: lead.company,
      job_title: lead.job_title,
      industry: lead.industry ?? null,
      company_size: lead.company_size ?? null,
      purchase_timeline: lead.purchase_timeline ?? null,
      budget: lead.budget ?? null,
      region: lead.region ?? null,
      score: lead.score,
      breakdown: reasons(lead.breakdown),
      stage: change.to,
      owner_id: lead.owner_id,
    };
    facts.push({
      type: 'lead.stage_changed',
      eventId: `lead.stage_changed:${change.historyId}`,
      data: {
        ...common,
        from: change.from,
        to: change.to,
        changed_by: { type: change.actorType, id: change.actorId },
        changed_at: change.at,
        amount: change.amount,
        currency: change.currency,
        reason: change.reason,
      },
    });
    if (change.to === 'mql')
      facts.push({
        type: 'lead.mql',
        eventId: `lead.mql:${change.historyId}`,
        data: { ...common, mql_at: lead.mql_at ?? change.at, mql_facts: reasons(lead.mql_facts) },
      });
  }
  return facts;
}

/** The leads domain's stage hook, publishing into the webhooks outbox in the same transaction. */
export const publishLeadChanges =
  (publisher: Publisher) => async (trx: Kysely<Database>, changes: StageChange[]) => {
    await publisher.publishMany(trx, await leadFacts(trx, changes));
  };
