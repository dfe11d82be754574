import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../../accounts/accounts.js';
import { okResponse } from '../../http/formats.js';
import { authorize } from '../../http/guard.js';
import { parseInput } from '../../validation.js';
import * as s from '../schemas.js';
import type { Suppression } from './suppression.js';

const tags = ['email'];

/** The suppression list under settings: addresses that get nothing from plans and campaigns. */
export function suppressionRoutes(
  app: FastifyInstance,
  deps: { accounts: Accounts; suppression: Suppression },
) {
  const { accounts, suppression } = deps;

  app.get(
    '/api/v1/mail/suppressions',
    {
      preHandler: authorize(accounts, 'mail:read'),
      config: {
        doc: {
          operationId: 'listMailSuppressions',
          summary: 'Suppressed addresses (manual, bounces, complaints), newest first',
          tags,
          permission: 'mail:read',
          query: s.suppressionsQuery,
          response: s.suppressionsResponse,
        },
      },
    },
    async (req) => {
      const query = parseInput(s.suppressionsQuery, req.query);
      const { rows, total } = await suppression.list(query);
      return {
        suppressions: rows.map(({ email, reason, note, created_at }) => ({
          email,
          reason,
          note,
          created_at,
        })),
        total,
        page: query.page,
        page_size: query.page_size,
      };
    },
  );

  app.post(
    '/api/v1/mail/suppressions',
    {
      preHandler: authorize(accounts, 'mail:write'),
      config: {
        doc: {
          operationId: 'addMailSuppression',
          summary: 'Suppress an address: no plan or campaign email goes to it',
          tags,
          permission: 'mail:write',
          body: s.suppressionInput,
          response: okResponse,
          errors: ['CONFLICT'],
        },
      },
    },
    async (req) => {
      const input = parseInput(s.suppressionInput, req.body);
      await suppression.addManual(req.actor!, input.email, input.note);
      return { ok: true as const };
    },
  );

  app.delete<{ Params: { email: string } }>(
    '/api/v1/mail/suppressions/:email',
    {
      preHandler: authorize(accounts, 'mail:write'),
      config: {
        doc: {
          operationId: 'removeMailSuppression',
          summary: 'Take an address off the suppression list',
          tags,
          permission: 'mail:write',
          response: okResponse,
        },
      },
    },
    async (req) => {
      await suppression.remove(req.actor!, req.params.email);
      return { ok: true as const };
    },
  );
}
