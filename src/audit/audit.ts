import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';

export interface AuditEntry {
  actorType: Database['audit_log']['actor_type'];
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** Appends one row to the audit log. Pass a transaction to make it part of the change it records. */
export async function recordAudit(db: Kysely<Database>, clock: Clock, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(clock.now().getTime()),
      actor_type: entry.actorType,
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
      created_at: clock.now().toISOString(),
    })
    .execute();
}
