import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../../accounts/accounts.js';
import type { Events } from '../../events/events.js';
import { authorize } from '../../http/guard.js';
import { toCsv } from '../../registration/csv.js';
import type { Report } from './report.js';
import { channelReportResponse, REPORT_CSV_COLUMNS, reportRowJson } from './schemas.js';

type Id = { Params: { id: string } };
const tags = ['promotion'];

/** The channel report of an event, as JSON and as Excel-safe CSV (the same rows). */
export function reportRoutes(
  app: FastifyInstance,
  deps: { accounts: Accounts; events: Events; report: Report },
) {
  const { accounts, events, report } = deps;
  const read = { preHandler: authorize(accounts, 'channels:read') };
  const rowsOf = async (eventId: string) => {
    const { rows, totals } = await report.forEvent(eventId);
    return { rows: rows.map(reportRowJson), totals: reportRowJson(totals) };
  };

  app.get<Id>(
    '/api/v1/events/:id/channels/report',
    {
      ...read,
      config: {
        doc: {
          operationId: 'getChannelReport',
          summary:
            'Per channel: views, unique visitors, registrations and rate, attendees live and replay, MQLs, opportunities, cost per registration / attendee / MQL',
          tags,
          permission: 'channels:read',
          response: channelReportResponse,
        },
      },
    },
    async (req) => {
      const event = await events.getEvent(req.params.id);
      return { event_id: event.id, ...(await rowsOf(event.id)) };
    },
  );

  app.get<Id>(
    '/api/v1/events/:id/channels/report.csv',
    {
      ...read,
      config: {
        doc: {
          operationId: 'exportChannelReportCsv',
          summary: 'The channel report as CSV (UTF-8 with BOM, opens in Excel); the last line is the totals',
          tags,
          permission: 'channels:read',
          produces: 'text/csv',
        },
      },
    },
    async (req, reply) => {
      const event = await events.getEvent(req.params.id);
      const { rows, totals } = await rowsOf(event.id);
      return reply
        .header('content-disposition', `attachment; filename="${event.slug}-channels.csv"`)
        .header('cache-control', 'private, no-store')
        .type('text/csv; charset=utf-8')
        .send(
          toCsv(
            REPORT_CSV_COLUMNS,
            [...rows, totals].map((r) => REPORT_CSV_COLUMNS.map((c) => r[c] as string | number | null)),
          ),
        );
    },
  );
}
