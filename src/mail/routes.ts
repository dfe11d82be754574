import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Accounts } from '../accounts/accounts.js';
import { notFound } from '../errors.js';
import { authorize } from '../http/guard.js';
import { parseInput } from '../validation.js';
import type { Mailer } from './mailer.js';

const tags = ['mail'];
const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(25),
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
          summary: 'Sent and kept mail, newest first',
          tags,
          permission: 'registrations:read',
          query: listQuery,
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
          summary: 'One message with its bodies and attachment names',
          tags,
          permission: 'registrations:read',
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
