import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import type { Accounts } from '../../accounts/accounts.js';
import { AppError, notFound } from '../../errors.js';
import { okResponse } from '../../http/formats.js';
import { authorize } from '../../http/guard.js';
import { parseInput } from '../../validation.js';
import * as s from '../schemas.js';
import { bounceReply, bounceReport, suppressionsFrom } from './bounces.js';
import type { Suppression } from './suppression.js';

const tags = ['email'];

/**
 * The suppression list under settings (addresses that get nothing from plans and campaigns),
 * and the bounce webhook that adds hard bounces and complaints to it.
 */
export function suppressionRoutes(
  app: FastifyInstance,
  deps: {
    accounts: Accounts;
    suppression: Suppression;
    /** `whsec_…`: the relay signs its reports with it (Standard Webhooks); unset, the webhook answers 404. */
    bounceSecret: string | undefined;
    publicPerMinute: number;
  },
) {
  const { accounts, suppression } = deps;
  bounceWebhook(app, deps);

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

/**
 * POST /api/v1/public/mail/bounces: the relay's report of hard bounces and complaints, signed
 * as Standard Webhooks (`webhook-id`, `webhook-timestamp` within 5 minutes, `webhook-signature`:
 * HMAC-SHA256 of `id.timestamp.body`). The signature covers the exact bytes, so this scope
 * keeps the JSON body as text and parses it only once it is verified.
 */
function bounceWebhook(
  app: FastifyInstance,
  deps: { suppression: Suppression; bounceSecret: string | undefined; publicPerMinute: number },
) {
  const verifier = deps.bounceSecret ? new Webhook(deps.bounceSecret) : undefined;
  app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(
      '/api/v1/public/mail/bounces',
      {
        config: {
          rateLimit: { max: deps.publicPerMinute, timeWindow: 60_000 },
          doc: {
            operationId: 'reportMailBounces',
            summary:
              'Hard bounces and complaints from the relay, signed with MAIL_BOUNCE_SECRET (Standard Webhooks): each address is suppressed',
            tags,
            body: bounceReport,
            response: bounceReply,
            errors: ['UNAUTHENTICATED', 'NOT_FOUND'],
          },
        },
      },
      async (req) => {
        if (!verifier) throw notFound('Bounce webhook (set MAIL_BOUNCE_SECRET)');
        const raw = typeof req.body === 'string' ? req.body : '';
        const headers = Object.fromEntries(
          ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [
            h,
            String(req.headers[h] ?? ''),
          ]),
        );
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          throw new AppError('BAD_REQUEST', 'The body is not JSON');
        }
        try {
          verifier.verify(raw, headers);
        } catch {
          throw new AppError(
            'UNAUTHENTICATED',
            'The report is not signed with the bounce secret, or is too old',
          );
        }
        const report = parseInput(bounceReport, json);
        const suppressions = suppressionsFrom(report);
        for (const entry of suppressions)
          await deps.suppression.suppress(entry.email, entry.reason, entry.note);
        return { suppressed: suppressions.length, ignored: report.events.length - suppressions.length };
      },
    );
  });
}
