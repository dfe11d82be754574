import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Accounts, Actor } from '../accounts/accounts.js';
import { auditActor, authorize } from '../http/guard.js';
import type { RouteDoc } from '../http/openapi.js';
import { toCsv } from '../registration/csv.js';
import { parseInput } from '../validation.js';
import type { Analytics } from './analytics.js';
import type { WeeklyEmail } from './review/weekly-email.js';
import {
  csvQuery,
  DASHBOARD_TABLES,
  dashboardView,
  liveReportView,
  weeklyEmailPreference,
  weeklyEmailView,
  weeklyReviewView,
  weeklyScheduleInput,
  weeklyScheduleView,
} from './schemas.js';
import { dashboardTables, liveTables, type Table, weeklyReviewTable } from './tables.js';

const tags = ['analytics'];
const permission = 'analytics:read';
type Id = { Params: { id: string } };

/** Excel-safe CSV of one table (the registrations export's guard: BOM, quoting, no formulas). */
const sendCsv = (reply: FastifyReply, filename: string, table: Table) =>
  reply
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
    .type('text/csv; charset=utf-8')
    .send(toCsv(table.columns, table.rows));

/** Read-only reports; every chart in the console reads these same routes. */
export function analyticsRoutes(
  app: FastifyInstance,
  deps: { accounts: Accounts; analytics: Analytics; weeklyEmail: WeeklyEmail },
) {
  const { analytics, weeklyEmail } = deps;
  const guard = { preHandler: authorize(deps.accounts, permission) };
  const doc = (operationId: string, summary: string, extra: Partial<RouteDoc>): { doc: RouteDoc } => ({
    doc: { operationId, summary, tags, permission, ...extra },
  });

  app.get<Id>(
    '/api/v1/events/:id/analytics/dashboard',
    {
      ...guard,
      config: doc(
        'getEventDashboard',
        'The event funnel with conversion rates, split by channel, device and local day',
        { response: dashboardView },
      ),
    },
    (req) => analytics.dashboard(req.params.id),
  );

  app.get<Id>(
    '/api/v1/events/:id/analytics/live',
    {
      ...guard,
      config: doc(
        'getLiveReport',
        'Concurrent viewers, watch time, drop-off and activity per minute; questions, polls, offers',
        { response: liveReportView },
      ),
    },
    (req) => analytics.liveReport(req.params.id),
  );

  app.get<Id & { Querystring: unknown }>(
    '/api/v1/events/:id/analytics.csv',
    {
      ...guard,
      config: doc('exportEventAnalyticsCsv', "One chart's numbers as CSV (UTF-8 with BOM, opens in Excel)", {
        query: csvQuery,
        produces: 'text/csv',
      }),
    },
    async (req, reply) => {
      const { table } = parseInput(csvQuery, req.query);
      const isDashboard = (DASHBOARD_TABLES as readonly string[]).includes(table);
      const rows = isDashboard
        ? dashboardTables(await analytics.dashboard(req.params.id))
        : liveTables(await analytics.liveReport(req.params.id));
      return sendCsv(reply, `analytics-${table}.csv`, rows[table as keyof typeof rows]);
    },
  );

  app.get(
    '/api/v1/analytics/weekly-review',
    {
      ...guard,
      config: doc(
        'getWeeklyReview',
        'Every published event with registrations, attendance and lead figures to date and this week',
        { response: weeklyReviewView },
      ),
    },
    () => analytics.weeklyReview(),
  );

  app.get(
    '/api/v1/analytics/weekly-review.csv',
    {
      ...guard,
      config: doc('exportWeeklyReviewCsv', 'The weekly review as CSV (UTF-8 with BOM, opens in Excel)', {
        produces: 'text/csv',
      }),
    },
    async (_req, reply) =>
      sendCsv(reply, 'weekly-review.csv', weeklyReviewTable(await analytics.weeklyReview())),
  );

  // The weekly review email: each teammate's own choice (an API token speaks for its creator),
  // and the organisation's send time, which only admins change.
  const personOf = (actor: Actor) => (actor.kind === 'user' ? actor.user.id : actor.createdBy);
  const emailView = async (userId: string) => ({
    weekly_email: await weeklyEmail.preference(userId),
    schedule: await weeklyEmail.readSchedule(),
    next_run_at: (await weeklyEmail.nextRun()).toISOString(),
  });

  app.get(
    '/api/v1/analytics/weekly-email',
    {
      ...guard,
      config: doc('getWeeklyReviewEmail', 'Whether I get the weekly review by email, and when it is sent', {
        response: weeklyEmailView,
      }),
    },
    (req) => emailView(personOf(req.actor!)),
  );

  app.put(
    '/api/v1/analytics/weekly-email',
    {
      ...guard,
      config: doc('setWeeklyReviewEmail', 'Turn my weekly review email on or off (off by default)', {
        body: weeklyEmailPreference,
        response: weeklyEmailView,
      }),
    },
    async (req) => {
      const { weekly_email } = parseInput(weeklyEmailPreference, req.body);
      const userId = personOf(req.actor!);
      await weeklyEmail.setPreference(userId, weekly_email);
      return emailView(userId);
    },
  );

  app.put(
    '/api/v1/analytics/weekly-email/schedule',
    {
      preHandler: authorize(deps.accounts, 'organisation:manage'),
      config: {
        doc: {
          operationId: 'setWeeklyReviewEmailSchedule',
          summary: 'Set the weekday, hour and time zone the weekly review email is sent (admins)',
          tags,
          permission: 'organisation:manage',
          body: weeklyScheduleInput,
          response: weeklyScheduleView,
        },
      },
    },
    async (req) => {
      const schedule = await weeklyEmail.setSchedule(
        auditActor(req.actor!),
        parseInput(weeklyScheduleInput, req.body),
      );
      return { schedule, next_run_at: (await weeklyEmail.nextRun()).toISOString() };
    },
  );
}
