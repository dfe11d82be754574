import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import type { Audience } from '../audience.js';
import type { Listing } from '../delivery/listing.js';
import { MAX_OFFSET_MINUTES, type Plan } from './plan.js';
import { FOLLOW_UP_STALE_MS, isScheduled, stepDefinitions, verdict } from './steps.js';

/**
 * Starts what is due, looking at events as they are now (there is nothing to move when an
 * event moves: step times are computed from its start and end each time). Also finishes
 * listings a crash interrupted, and starts campaigns whose time has come.
 */
export function createScheduler(deps: { db: Kysely<Database>; clock: Clock; plan: Plan; listing: Listing }) {
  const { db, clock, plan, listing } = deps;

  async function audienceOfCampaign(campaignId: string): Promise<Audience> {
    const row = await db
      .selectFrom('mail_campaigns')
      .select('audience')
      .where('id', '=', campaignId)
      .executeTakeFirstOrThrow();
    return JSON.parse(row.audience) as Audience;
  }

  const audienceOf = async (key: string): Promise<Audience> =>
    key.startsWith('campaign.')
      ? audienceOfCampaign(key.slice(9))
      : { kind: stepDefinitions[key as keyof typeof stepDefinitions].audience };

  return {
    /** One look: returns the steps and campaigns started. */
    async tick(): Promise<string[]> {
      const now = clock.now();
      const started: string[] = [];
      const window = MAX_OFFSET_MINUTES * 60_000;
      const events = await db
        .selectFrom('events')
        .select(['id', 'status', 'starts_at', 'ends_at'])
        .where('status', 'in', ['scheduled', 'live', 'ended', 'on_demand'])
        .where('starts_at', '<=', new Date(now.getTime() + window).toISOString())
        .where('ends_at', '>=', new Date(now.getTime() - window - FOLLOW_UP_STALE_MS).toISOString())
        .execute();
      const ids = events.map((e) => e.id);
      const plans = await plan.forEvents(ids);
      const runs = ids.length
        ? await db
            .selectFrom('mail_step_runs')
            .select(['event_id', 'step'])
            .where('event_id', 'in', ids)
            .execute()
        : [];
      const ran = new Set(runs.map((r) => `${r.event_id}|${r.step}`));
      for (const event of events) {
        const steps = plans.get(event.id)!;
        for (const step of steps) {
          if (!isScheduled(step.step) || ran.has(`${event.id}|${step.step}`)) continue;
          if (!verdict(step, steps, event, now).send) continue;
          if (await listing.open(event.id, step.step)) started.push(`${event.id}:${step.step}`);
        }
      }
      const campaigns = await db
        .selectFrom('mail_campaigns')
        .select(['id', 'event_id'])
        .where('status', '=', 'scheduled')
        .where('send_at', '<=', now.toISOString())
        .execute();
      for (const c of campaigns) {
        if (await listing.open(c.event_id, `campaign.${c.id}`))
          started.push(`${c.event_id}:campaign.${c.id}`);
        await db.updateTable('mail_campaigns').set({ status: 'started' }).where('id', '=', c.id).execute();
      }
      // List the recipients of what just started, and of runs a crash left unfinished.
      const unlisted = await db
        .selectFrom('mail_step_runs')
        .select(['event_id', 'step'])
        .where('status', '=', 'listing')
        .execute();
      for (const run of unlisted) await listing.list(run.event_id, run.step, await audienceOf(run.step));
      return started;
    },
  };
}
