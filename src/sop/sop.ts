/**
 * The event project room (issue 15): the team of each event, SOP templates, the plan a
 * template leaves on an event, work on its tasks, readiness, and the daily digest.
 * Built by createServices (request thread) and createJobDomain (job thread, for the digest).
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/accounts.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Jobs } from '../jobs/jobs.js';
import type { Mailer } from '../mail/mailer.js';
import { createDigest } from './digest.js';
import { tDayOf, timelineDays } from './plan/due.js';
import { defaultEvidence } from './plan/evidence.js';
import { createPlans } from './plan/plan.js';
import { readiness } from './plan/readiness.js';
import { createTaskWork } from './plan/tasks.js';
import { canManage, createTeam, type Person } from './team.js';
import { createTemplates } from './templates/templates.js';
import { type TaskView, taskView } from './views.js';

export type Sop = ReturnType<typeof createSop>;

export function createSop(deps: {
  db: Kysely<Database>;
  clock: Clock;
  jobs: Jobs;
  mailer: Mailer;
  baseUrl: string;
  digestHour: number;
  /** Whether an encoder is sending to the event's studio now (the request thread's live service). */
  isPublishing?: (eventId: string) => boolean;
}) {
  const { db, clock } = deps;
  const evidence = defaultEvidence({ db, isPublishing: deps.isPublishing });
  const templates = createTemplates({ db, clock });
  const team = createTeam({ db, clock });
  const plans = createPlans({ db, clock, templates, team, evidence });
  const tasks = createTaskWork({ db, clock, team, plans });
  const digest = createDigest({
    db,
    clock,
    jobs: deps.jobs,
    mailer: deps.mailer,
    plans,
    baseUrl: deps.baseUrl,
    hour: deps.digestHour,
  });

  async function namesOf(ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (wanted.length === 0) return new Map();
    const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  const views = async <R extends Parameters<typeof taskView>[0]>(rows: R[]): Promise<TaskView[]> => {
    const names = await namesOf(rows.map((r) => r.assignee_id));
    const now = clock.now();
    return rows.map((r) => taskView(r, { names, evidence, now }));
  };

  return {
    templates,
    team,
    plans,
    tasks,
    digest,
    evidence,

    /** The teammate an actor acts for: the user, or the user who created the API token. */
    async personOf(actor: Actor): Promise<Person> {
      if (actor.kind === 'user') return { id: actor.user.id, role: actor.user.role };
      const user = await db
        .selectFrom('users')
        .select(['id', 'role', 'disabled_at'])
        .where('id', '=', actor.createdBy)
        .executeTakeFirst();
      if (!user || user.disabled_at)
        throw new AppError('FORBIDDEN', 'The creator of this API token is no longer active');
      return { id: user.id, role: user.role };
    },

    taskView: async (row: Parameters<typeof taskView>[0]) => (await views([row]))[0]!,
    taskViews: views,
    /** A task view without a names lookup, for conflict answers built synchronously. */
    taskViewSync: (row: Parameters<typeof taskView>[0]) =>
      taskView(row, { names: new Map(), evidence, now: clock.now() }),

    /** Everything the project room page shows for an event: plan, tasks, readiness, timeline, team. */
    async room(eventId: string, person: Person) {
      const rows = await plans.tasks(eventId);
      const event = await db
        .selectFrom('events')
        .select(['id', 'title', 'starts_at', 'timezone'])
        .where('id', '=', eventId)
        .executeTakeFirstOrThrow();
      const plan = await plans.get(eventId);
      const currentTeam = await team.get(eventId);
      const start = new Date(event.starts_at);
      return {
        plan: plan
          ? {
              template_id: plan.template_id,
              template_name: plan.template_name,
              template_version: plan.template_version,
              locale: plan.locale,
              applied_by: plan.applied_by,
              applied_at: plan.applied_at,
            }
          : null,
        event,
        tasks: await views(rows),
        readiness: readiness(rows, start, clock.now()),
        timeline: {
          days: timelineDays(start, event.timezone),
          today_offset: tDayOf(clock.now(), start, event.timezone),
        },
        team: { ...currentTeam, can_manage: canManage(currentTeam, person) },
      };
    },
  };
}
