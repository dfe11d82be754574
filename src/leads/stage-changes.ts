import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Stage } from './lifecycle.js';

/**
 * One move of a lead's stage, as its history row says it: what other domains hear about
 * (the webhooks publish `lead.stage_changed`, and `lead.mql` for a move to MQL).
 */
export interface StageChange {
  /** The `lead_stage_history` row: the change's own stable id. */
  historyId: string;
  contactId: string;
  from: Stage | null;
  to: Stage;
  at: string;
  actorType: 'user' | 'token' | 'system';
  actorId: string | null;
  amount: number | null;
  currency: string | null;
  reason: string | null;
}

/**
 * Called in the transaction that writes the history rows, so whatever hangs on a stage
 * change (the webhooks' outbox) commits with it or not at all.
 */
export type OnStageChanged = (trx: Kysely<Database>, changes: StageChange[]) => Promise<void>;

/** The history row of a change. */
export function historyRow(c: StageChange): Database['lead_stage_history'] {
  return {
    id: c.historyId,
    contact_id: c.contactId,
    from_stage: c.from,
    to_stage: c.to,
    amount: c.amount,
    currency: c.currency,
    reason: c.reason,
    actor_type: c.actorType,
    actor_id: c.actorId,
    at: c.at,
  };
}
