import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Accounts } from '../accounts/accounts.js';
import { authorize } from '../http/guard.js';
import type { RouteDoc } from '../http/openapi.js';
import { toCsv } from '../registration/csv.js';
import { parseInput } from '../validation.js';
import type { Analytics } from './analytics.js';
import { csvQuery, DASHBOARD_TABLES, dashboardView, liveReportView, weeklyReviewView } from './schemas.js';
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
export function analyticsRoutes(app: FastifyInstance, deps: { accounts: Accounts; analytics: Analytics }) {
  const { analytics } = deps;
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
}
