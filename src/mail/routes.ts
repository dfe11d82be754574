import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Accounts } from '../accounts/accounts.js';
import { notFound } from '../errors.js';
import { emailAddress, timestamp } from '../http/formats.js';
import { authorize } from '../http/guard.js';
import { parseInput } from '../validation.js';
import type { Mailer } from './mailer.js';

const tags = ['mail'];
const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(25),
});

const mailStatus = z.enum(['queued', 'sent', 'kept', 'failed']);
const transport = z.enum(['smtp', 'outbox']);
const messageSummary = z.object({
  id: z.string(),
  to_address: emailAddress,
  subject: z.string(),
  status: mailStatus,
  transport,
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  event_id: z.string().nullable(),
  created_at: timestamp,
  sent_at: timestamp.nullable(),
});
const mailListResponse = z.object({
  messages: z.array(messageSummary),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  transport,
});
const mailResponse = z.object({
  message: messageSummary.extend({
    idempotency_key: z.string(),
    text_body: z.string(),
    html_body: z.string(),
    registration_id: z.string().nullable(),
    attachments: z.array(z.object({ filename: z.string(), content_type: z.string() })),
  }),
});

/** The mail log; without SMTP_URL it is the local outbox where the team reads what would have been sent. */
export function mailRoutes(app: FastifyInstance, deps: { accounts: Accounts; mailer: Mailer }) {
  const read = { preHandler: authorize(deps.accounts, 'registrations:read') };

  app.get(
    '/api/v1/mail',
    {
      ...read,
      config: {
        doc: {
          operationId: 'listMail',
          summary: 'Sent and kept mail, newest first',
          tags,
          permission: 'registrations:read',
          query: listQuery,
          response: mailListResponse,
        },
      },
    },
    async (req) => {
      const query = parseInput(listQuery, req.query);
      const { rows, total } = await deps.mailer.list(query);
      return {
        messages: rows,
        total,
        page: query.page,
        page_size: query.page_size,
        transport: deps.mailer.transportKind,
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/mail/:id',
    {
      ...read,
      config: {
        doc: {
          operationId: 'getMail',
          summary: 'One message with its bodies and attachment names',
          tags,
          permission: 'registrations:read',
          response: mailResponse,
        },
      },
    },
    async (req) => {
      const row = await deps.mailer.get(req.params.id);
      if (!row) throw notFound('Message');
      const attachments = (JSON.parse(row.attachments) as { filename: string; contentType: string }[]).map(
        ({ filename, contentType }) => ({
          filename,
          content_type: contentType,
        }),
      );
      return { message: { ...row, attachments } };
    },
  );
}
