/**
 * The weekly review email (issue 16): off by default; a teammate who can read analytics turns
 * it on for themselves, and an admin sets one send time for the organisation (weekday, hour,
 * time zone). The SOP daily digest's pattern: a `analytics.weekly` job per send time (kept
 * unique by its idempotency key) enqueues one `analytics.weekly.person` job per recipient and
 * schedules the next week; each email goes through the mailer under a per-ISO-week key, so a
 * retry, a re-run or a send day moved within the week never sends twice. Everyone gets the
 * figures of `weeklyReview()` at the send time, in their own language.
 */
import type { Kysely } from 'kysely';
import { roleHas } from '../../accounts/permissions.js';
import { recordAudit } from '../../audit/audit.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { isLocale } from '../../i18n/index.js';
import type { Jobs } from '../../jobs/jobs.js';
import type { Mailer } from '../../mail/mailer.js';
import type { WeeklyReviewView } from '../schemas.js';
import { weeklyMail } from './mail.js';
import { DEFAULT_SCHEDULE, isoWeekOf, isRunAt, nextRunAt, type WeeklySchedule } from './schedule.js';

export const WEEKLY_JOB = 'analytics.weekly';
export const WEEKLY_PERSON_JOB = 'analytics.weekly.person';
/** The organisation's send time, as JSON in `settings`. */
export const SCHEDULE_KEY = 'analytics.weekly_email.schedule';

type Actor = { actorType: 'user' | 'token'; actorId: string | null };
export type WeeklyEmail = ReturnType<typeof createWeeklyEmail>;

export function createWeeklyEmail(deps: {
  db: Kysely<Database>;
  clock: Clock;
  jobs: Jobs;
  mailer: Mailer;
  baseUrl: string;
  /** The weekly review ending at `at`: `weeklyReview()` over the deployment's leads source. */
  review: (at: Date) => Promise<WeeklyReviewView>;
}) {
  const { db, clock, jobs } = deps;
  // The person jobs of one run share one review (they are claimed in batches).
  let memo: { at: number; review: Promise<WeeklyReviewView> } | undefined;
  const reviewAt = (at: Date) => {
    if (memo?.at !== at.getTime()) {
      const review = deps.review(at);
      memo = { at: at.getTime(), review };
      review.catch(() => {
        if (memo?.review === review) memo = undefined;
      });
    }
    return memo.review;
  };

  const enqueueRun = async (at: Date) => {
    await jobs.enqueue(
      db,
      WEEKLY_JOB,
      { at: at.toISOString() },
      { idempotencyKey: `${WEEKLY_JOB}:${at.toISOString()}`, runAt: at },
    );
    return at;
  };

  /** People who asked for it, are active and may still read analytics. */
  const recipients = async () =>
    (
      await db
        .selectFrom('analytics_weekly_email_preferences as p')
        .innerJoin('users as u', 'u.id', 'p.user_id')
        .select(['u.id', 'u.role'])
        .where('p.weekly_email', '=', 1)
        .where('u.disabled_at', 'is', null)
        .execute()
    )
      .filter((u) => roleHas(u.role, 'analytics:read'))
      .map((u) => u.id);

  const weekly = {
    async readSchedule(): Promise<WeeklySchedule> {
      const row = await db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', SCHEDULE_KEY)
        .executeTakeFirst();
      return row
        ? { ...DEFAULT_SCHEDULE, ...(JSON.parse(row.value) as Partial<WeeklySchedule>) }
        : DEFAULT_SCHEDULE;
    },

    /** Saves the organisation's send time (audited) and queues its next run; a run queued before does nothing. */
    async setSchedule(actor: Actor, schedule: WeeklySchedule): Promise<WeeklySchedule> {
      const value = JSON.stringify({
        weekday: schedule.weekday,
        hour: schedule.hour,
        timezone: schedule.timezone,
      });
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('settings')
          .values({ key: SCHEDULE_KEY, value })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
          .execute();
        await recordAudit(trx, clock, {
          ...actor,
          action: 'analytics.weekly_email.schedule',
          targetType: 'organisation',
          targetId: 'default',
          details: { ...schedule },
        });
      });
      await weekly.schedule();
      return weekly.readSchedule();
    },

    /** When the next email goes out under the current schedule. */
    async nextRun(): Promise<Date> {
      return nextRunAt(clock.now(), await weekly.readSchedule());
    },

    /** Enqueues the next weekly run (idempotent: one job per send time). */
    async schedule(): Promise<Date> {
      return enqueueRun(await weekly.nextRun());
    },

    /**
     * The run at `at`: one job per recipient, then the next week. A run queued under a
     * schedule since changed does nothing (the change queued its own).
     */
    async run(at: Date): Promise<number> {
      const schedule = await weekly.readSchedule();
      if (!isRunAt(at, schedule)) return 0;
      const people = await recipients();
      const week = isoWeekOf(at, schedule.timezone);
      await jobs.enqueueMany(
        db,
        people.map((user_id) => ({
          type: WEEKLY_PERSON_JOB,
          payload: { user_id, at: at.toISOString(), week },
          options: { idempotencyKey: `${WEEKLY_PERSON_JOB}:${week}:${user_id}` },
        })),
      );
      await enqueueRun(nextRunAt(new Date(at.getTime() + 1), schedule));
      return people.length;
    },

    /**
     * One person's email of the week ending `at` (`week`, its ISO week, keys the mail); nothing
     * when they opted out or lost access meanwhile.
     */
    async send(userId: string, at: Date, week?: string): Promise<boolean> {
      if (!(await weekly.preference(userId))) return false;
      const user = await db
        .selectFrom('users')
        .select(['id', 'name', 'email', 'locale', 'role', 'disabled_at'])
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user || user.disabled_at || !roleHas(user.role, 'analytics:read')) return false;
      const { timezone } = await weekly.readSchedule();
      const message = weeklyMail({
        user: { name: user.name, email: user.email, locale: isLocale(user.locale) ? user.locale : 'en' },
        review: await reviewAt(at),
        timezone,
        baseUrl: deps.baseUrl,
      });
      await deps.mailer.deliver(`${WEEKLY_JOB}:${week ?? isoWeekOf(at, timezone)}:${userId}`, message);
      return true;
    },

    /** Off until the person turns it on. */
    async preference(userId: string): Promise<boolean> {
      const row = await db
        .selectFrom('analytics_weekly_email_preferences')
        .select('weekly_email')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.weekly_email === 1;
    },

    async setPreference(userId: string, on: boolean): Promise<void> {
      const values = { weekly_email: on ? 1 : 0, updated_at: clock.now().toISOString() };
      await db
        .insertInto('analytics_weekly_email_preferences')
        .values({ user_id: userId, ...values })
        .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
        .execute();
    },
  };

  jobs.register(WEEKLY_JOB, async (payload) => {
    await weekly.run(new Date(String(payload.at)));
  });
  jobs.register(WEEKLY_PERSON_JOB, async (payload) => {
    await weekly.send(String(payload.user_id), new Date(String(payload.at)), String(payload.week));
  });
  return weekly;
}
