import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/accounts.js';
import { recordAudit } from '../../audit/audit.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { auditActor } from '../../http/guard.js';
import { effectivePlan, type PlanStep, type Step, stepDefinitions } from './steps.js';

export type Plan = ReturnType<typeof createPlan>;

/** Longest offset a step may have: two weeks before the start or after the end. */
export const MAX_OFFSET_MINUTES = 14 * 24 * 60;

/** An event's email plan: the built-in steps with the team's switches and timings. */
export function createPlan(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;

  async function forEvents(eventIds: string[]): Promise<Map<string, PlanStep[]>> {
    const rows = eventIds.length
      ? await db.selectFrom('mail_plan_steps').selectAll().where('event_id', 'in', eventIds).execute()
      : [];
    return new Map(eventIds.map((id) => [id, effectivePlan(rows.filter((r) => r.event_id === id))]));
  }

  return {
    forEvents,

    async forEvent(eventId: string): Promise<PlanStep[]> {
      return (await forEvents([eventId])).get(eventId)!;
    },

    /** Switches a step on or off and/or changes its timing. */
    async update(
      actor: Actor,
      eventId: string,
      step: Step,
      change: { enabled?: boolean; offset_minutes?: number },
    ): Promise<void> {
      const def = stepDefinitions[step];
      if (change.offset_minutes !== undefined && def.defaultOffset === null)
        throw new AppError('VALIDATION_FAILED', 'This step has no timing', {
          fields: { offset_minutes: 'This step is sent when the event changes, not at a time' },
        });
      const current = (await this.forEvent(eventId)).find((s) => s.step === step)!;
      const enabled = change.enabled ?? current.enabled;
      const offset = change.offset_minutes ?? current.offsetMinutes;
      const now = clock.now().toISOString();
      const who = auditActor(actor);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('mail_plan_steps')
          .values({
            event_id: eventId,
            step,
            enabled: enabled ? 1 : 0,
            offset_minutes: offset,
            updated_by: who.actorId,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc.columns(['event_id', 'step']).doUpdateSet({
              enabled: enabled ? 1 : 0,
              offset_minutes: offset,
              updated_by: who.actorId,
              updated_at: now,
            }),
          )
          .execute();
        await recordAudit(trx, clock, {
          ...who,
          action: 'mail.plan_step_changed',
          targetType: 'event',
          targetId: eventId,
          details: { step, enabled, offset_minutes: offset },
        });
      });
    },
  };
}
