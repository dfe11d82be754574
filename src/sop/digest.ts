/**
 * The daily digest: one email a day to each assignee and event owner with their overdue
 * and upcoming tasks, in their language. A daily `sop.digest` job (one per date, kept
 * unique by its idempotency key) brings every plan up to date, enqueues one
 * `sop.digest.person` job per recipient and schedules the next day; each person's email
 * goes through the mailer under a per-date key, so a retry never sends twice. People who
 * opted out (sop_digest_preferences) get none; neither does someone with nothing to do.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { isLocale, type Locale, translator } from '../i18n/index.js';
import type { Jobs } from '../jobs/jobs.js';
import type { Mailer, MailMessage } from '../mail/mailer.js';
import { html } from '../pages/html.js';
import { addDays, formatOffset } from './plan/due.js';
import type { Plans } from './plan/plan.js';
import { isClosed } from './plan/readiness.js';

export const DIGEST_JOB = 'sop.digest';
export const DIGEST_PERSON_JOB = 'sop.digest.person';
/** "Upcoming" in the digest: due within this long. */
export const UPCOMING_MS = 3 * 86_400_000;

type DigestTask = {
  id: string;
  title: string;
  offset_days: number;
  due_at: string;
  event_id: string;
  event_title: string;
  event_timezone: string;
};

export interface DigestContent {
  user: { id: string; name: string; email: string; locale: Locale };
  overdue: DigestTask[];
  upcoming: DigestTask[];
  owned: { event_id: string; title: string; total: number; closed: number; overdue: number }[];
}

/** When the digest for `date` runs: that day at `hour`:00 UTC. */
export const digestRunAt = (date: string, hour: number) =>
  new Date(`${date}T${String(hour).padStart(2, '0')}:00:00.000Z`);

/** The next digest date at or after `now` (today if its hour has not passed). */
export function nextDigestDate(now: Date, hour: number): string {
  const today = now.toISOString().slice(0, 10);
  return digestRunAt(today, hour).getTime() >= now.getTime() ? today : addDays(today, 1);
}

export function digestMail(content: DigestContent, baseUrl: string): MailMessage {
  const { user } = content;
  const tr = translator(user.locale);
  const due = (t: DigestTask) =>
    new Intl.DateTimeFormat(user.locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: t.event_timezone,
    }).format(new Date(t.due_at));
  const line = (t: DigestTask) =>
    tr('sop.digest.task', {
      label: formatOffset(t.offset_days),
      title: t.title,
      event: t.event_title,
      due: due(t),
    });
  const link = `${baseUrl}/admin/#/my-tasks`;
  const sections: [string, string[]][] = [
    [tr('sop.digest.overdue'), content.overdue.map(line)],
    [tr('sop.digest.upcoming'), content.upcoming.map(line)],
    [
      tr('sop.digest.owned'),
      content.owned.map(
        (o) =>
          `${o.title}: ${tr('sop.digest.owned.summary', { closed: o.closed, total: o.total, overdue: o.overdue })}`,
      ),
    ],
  ];
  const shown = sections.filter(([, lines]) => lines.length > 0);
  const text = [
    tr('sop.digest.greeting', { name: user.name }),
    tr('sop.digest.intro'),
    '',
    ...shown.flatMap(([title, lines]) => [title, ...lines.map((l) => `- ${l}`), '']),
    tr('sop.digest.open.line', { url: link }),
    '',
    tr('sop.digest.footer'),
  ].join('\n');
  const body = html`<div style="font-family:system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;max-width:600px;margin:0 auto;color:#1b1f2a;line-height:1.55">
<p>${tr('sop.digest.greeting', { name: user.name })}<br>${tr('sop.digest.intro')}</p>
${shown.map(([title, lines]) => html`<h3 style="margin:18px 0 6px;font-size:16px">${title}</h3><ul style="padding-left:20px;margin:0">${lines.map((l) => html`<li>${l}</li>`)}</ul>`)}
<p><a href="${link}" style="display:inline-block;background:#2756d8;color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none;font-weight:600">${tr('sop.digest.open')}</a></p>
<p style="font-size:12px;color:#5b6475">${tr('sop.digest.footer')}</p>
</div>`;
  return {
    to: user.email,
    subject: tr('sop.digest.subject', { overdue: content.overdue.length, upcoming: content.upcoming.length }),
    text,
    html: body.value,
    attachments: [],
  };
}

export type Digest = ReturnType<typeof createDigest>;

export function createDigest(deps: {
  db: Kysely<Database>;
  clock: Clock;
  jobs: Jobs;
  mailer: Mailer;
  plans: Plans;
  baseUrl: string;
  hour: number;
}) {
  const { db, clock, jobs, plans } = deps;

  const optedOut = async () =>
    new Set(
      (
        await db
          .selectFrom('sop_digest_preferences')
          .select('user_id')
          .where('daily_digest', '=', 0)
          .execute()
      ).map((r) => r.user_id),
    );

  /** Events that have open tasks: the ones the digest speaks about. */
  const activeEvents = async () =>
    (
      await db
        .selectFrom('sop_tasks as t')
        .innerJoin('events as e', 'e.id', 't.event_id')
        .select('t.event_id')
        .distinct()
        .where('t.status', 'in', ['open', 'in_progress'])
        .execute()
    ).map((r) => r.event_id);

  const digest = {
    /** Enqueues the next daily run (idempotent: one job per date). */
    async schedule(): Promise<string> {
      const date = nextDigestDate(clock.now(), deps.hour);
      await jobs.enqueue(
        db,
        DIGEST_JOB,
        { date },
        { idempotencyKey: `${DIGEST_JOB}:${date}`, runAt: digestRunAt(date, deps.hour) },
      );
      return date;
    },

    /** What `userId`'s digest says now; undefined for a disabled user. */
    async contentFor(userId: string): Promise<DigestContent | undefined> {
      const user = await db
        .selectFrom('users')
        .select(['id', 'name', 'email', 'locale', 'disabled_at'])
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user || user.disabled_at) return undefined;
      const now = clock.now();
      const soon = new Date(now.getTime() + UPCOMING_MS).toISOString();
      const mine = await db
        .selectFrom('sop_tasks as t')
        .innerJoin('events as e', 'e.id', 't.event_id')
        .select([
          't.id',
          't.title',
          't.offset_days',
          't.due_at',
          't.event_id',
          'e.title as event_title',
          'e.timezone as event_timezone',
        ])
        .where('t.assignee_id', '=', userId)
        .where('t.status', 'in', ['open', 'in_progress'])
        .where('t.due_at', '<=', soon)
        .orderBy('t.due_at')
        .execute();
      const owned = await db
        .selectFrom('sop_teams as o')
        .innerJoin('events as e', 'e.id', 'o.event_id')
        .innerJoin('sop_tasks as t', 't.event_id', 'o.event_id')
        .select(['o.event_id', 'e.title', 't.status', 't.due_at'])
        .where('o.owner_id', '=', userId)
        .execute();
      const byEvent = new Map<string, DigestContent['owned'][number]>();
      for (const row of owned) {
        const entry = byEvent.get(row.event_id) ?? {
          event_id: row.event_id,
          title: row.title,
          total: 0,
          closed: 0,
          overdue: 0,
        };
        entry.total++;
        if (isClosed(row.status)) entry.closed++;
        else if (row.due_at < now.toISOString()) entry.overdue++;
        byEvent.set(row.event_id, entry);
      }
      return {
        user: {
          id: user.id,
          name: user.name,
          email: user.email,
          locale: isLocale(user.locale) ? user.locale : 'en',
        },
        overdue: mine.filter((t) => t.due_at < now.toISOString()),
        upcoming: mine.filter((t) => t.due_at >= now.toISOString()),
        owned: [...byEvent.values()].filter((o) => o.closed < o.total),
      };
    },

    /** The daily run: deleted events' rooms pruned, plans up to date, one job per recipient, the next day scheduled. */
    async run(date: string): Promise<number> {
      await plans.pruneDeletedEvents();
      const events = await activeEvents();
      for (const eventId of events) await plans.refresh(eventId);
      const skip = await optedOut();
      const recipients = new Set<string>();
      if (events.length) {
        const assignees = await db
          .selectFrom('sop_tasks')
          .select('assignee_id')
          .distinct()
          .where('event_id', 'in', events)
          .where('status', 'in', ['open', 'in_progress'])
          .where('assignee_id', 'is not', null)
          .execute();
        const owners = await db
          .selectFrom('sop_teams')
          .select('owner_id')
          .where('event_id', 'in', events)
          .where('owner_id', 'is not', null)
          .execute();
        for (const r of [...assignees.map((a) => a.assignee_id), ...owners.map((o) => o.owner_id)])
          if (r && !skip.has(r)) recipients.add(r);
      }
      await jobs.enqueueMany(
        db,
        [...recipients].map((user_id) => ({
          type: DIGEST_PERSON_JOB,
          payload: { user_id, date },
          options: { idempotencyKey: `${DIGEST_PERSON_JOB}:${date}:${user_id}` },
        })),
      );
      const next = addDays(date, 1);
      await jobs.enqueue(
        db,
        DIGEST_JOB,
        { date: next },
        { idempotencyKey: `${DIGEST_JOB}:${next}`, runAt: digestRunAt(next, deps.hour) },
      );
      return recipients.size;
    },

    /** One person's email for `date`; nothing when they opted out meanwhile or have nothing to do. */
    async send(userId: string, date: string): Promise<boolean> {
      if ((await optedOut()).has(userId)) return false;
      const content = await digest.contentFor(userId);
      if (!content || content.overdue.length + content.upcoming.length + content.owned.length === 0)
        return false;
      await deps.mailer.deliver(`${DIGEST_JOB}:${date}:${userId}`, digestMail(content, deps.baseUrl));
      return true;
    },

    async preference(userId: string): Promise<boolean> {
      const row = await db
        .selectFrom('sop_digest_preferences')
        .select('daily_digest')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row ? row.daily_digest === 1 : true;
    },

    async setPreference(userId: string, dailyDigest: boolean): Promise<void> {
      const values = { daily_digest: dailyDigest ? 1 : 0, updated_at: clock.now().toISOString() };
      await db
        .insertInto('sop_digest_preferences')
        .values({ user_id: userId, ...values })
        .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
        .execute();
    },
  };

  jobs.register(DIGEST_JOB, async (payload) => {
    await digest.run(String(payload.date));
  });
  jobs.register(DIGEST_PERSON_JOB, async (payload) => {
    await digest.send(String(payload.user_id), String(payload.date));
  });
  return digest;
}
