import type { Kysely } from 'kysely';
import type { AuditEntry } from '../audit/audit.js';
import { recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { defaultPolicy, type Policy, type PolicyInput, resolvePolicy } from './screen/policy.js';
import { eventPolicy } from './screening.js';

type Actor = Pick<AuditEntry, 'actorType' | 'actorId'>;

/** The event's screen tuning as the API shows it: the effective policy and whether the team changed it. */
export async function policyView(db: Kysely<Database>, eventId: string) {
  const stored = await db
    .selectFrom('moderation_policies')
    .select(['updated_at', 'updated_by'])
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return {
    policy: await eventPolicy(db, eventId),
    defaults: defaultPolicy,
    customised: stored !== undefined,
    updated_at: stored?.updated_at ?? null,
  };
}

/** Saves an event's tuning and records the change (before and after) in the event's audit log. */
export async function savePolicy(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  eventId: string,
  input: PolicyInput,
): Promise<Policy> {
  const before = await eventPolicy(db, eventId);
  const now = clock.now().toISOString();
  const row = {
    event_id: eventId,
    policy: JSON.stringify(input),
    updated_by: actor.actorId ?? '',
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('moderation_policies')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('event_id')
          .doUpdateSet({ policy: row.policy, updated_by: row.updated_by, updated_at: now }),
      )
      .execute();
    await recordAudit(trx, clock, {
      ...actor,
      action: 'moderation.policy.update',
      targetType: 'event',
      targetId: eventId,
      details: { before, after: resolvePolicy(input) },
    });
  });
  return resolvePolicy(input);
}

/** Back to the defaults; audit-logged like a change. */
export async function resetPolicy(db: Kysely<Database>, clock: Clock, actor: Actor, eventId: string) {
  const before = await eventPolicy(db, eventId);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('moderation_policies').where('event_id', '=', eventId).execute();
    await recordAudit(trx, clock, {
      ...actor,
      action: 'moderation.policy.reset',
      targetType: 'event',
      targetId: eventId,
      details: { before, after: defaultPolicy },
    });
  });
  return defaultPolicy;
}
