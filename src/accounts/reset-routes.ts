import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { absoluteUrl, emailAddress, okResponse, timestamp } from '../http/formats.js';
import { authorize } from '../http/guard.js';
import { parseInput } from '../validation.js';
import type { Accounts } from './accounts.js';
import type { PasswordResets } from './password-reset.js';
import { password } from './schemas.js';

const tags = ['accounts'];
const requestInput = z.object({ email: z.string().trim().min(1).max(254) });
const completeInput = z.object({ password });
const deliveryResponse = z.object({
  delivery: z
    .enum(['email', 'admin'])
    .describe('email: a link was sent if the address has an account; admin: ask an administrator'),
});
const linkResponse = z.object({ url: absoluteUrl, expires_at: timestamp });
const openResetResponse = z.object({ reset: z.object({ email: emailAddress, expires_at: timestamp }) });

/** Forgotten passwords: an administrator's one-time link, or a link by email (see password-reset.ts). */
export function passwordResetRoutes(
  app: FastifyInstance,
  deps: { accounts: Accounts; passwordResets: PasswordResets; config: Config },
) {
  const { passwordResets: resets, config } = deps;
  const limit = { rateLimit: { max: config.rateLimits.loginPerMinute, timeWindow: 60_000 } };

  app.post<{ Params: { id: string } }>(
    '/api/v1/users/:id/password-reset',
    {
      preHandler: authorize(deps.accounts, 'team:manage'),
      config: {
        doc: {
          operationId: 'issuePasswordReset',
          summary: "Issue a one-time link (one hour) that sets a teammate's new password",
          tags,
          permission: 'team:manage',
          response: linkResponse,
          errors: ['INVALID_STATE'],
        },
      },
    },
    async (req) => {
      const actor = req.actor!;
      if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 'This endpoint is for signed-in teammates');
      return resets.issueForTeammate(actor.user.id, req.params.id);
    },
  );

  app.post(
    '/api/v1/auth/password-reset',
    {
      config: {
        ...limit,
        doc: {
          operationId: 'requestPasswordReset',
          summary:
            'Ask for a reset link by email; the answer is the same whether or not the address has an account',
          tags,
          body: requestInput,
          response: deliveryResponse,
        },
      },
    },
    async (req) => {
      const { email } = parseInput(requestInput, req.body);
      await resets.requestByEmail(email);
      return { delivery: resets.delivery() };
    },
  );

  app.get<{ Params: { token: string } }>(
    '/api/v1/auth/password-reset/:token',
    {
      config: {
        ...limit,
        doc: {
          operationId: 'getPasswordReset',
          summary: 'Read an open reset link (whose account, until when)',
          tags,
          response: openResetResponse,
        },
      },
    },
    async (req) => ({ reset: await resets.describe(req.params.token) }),
  );

  app.post<{ Params: { token: string } }>(
    '/api/v1/auth/password-reset/:token',
    {
      config: {
        ...limit,
        doc: {
          operationId: 'completePasswordReset',
          summary: 'Set the new password with a reset link; signs the account out everywhere',
          tags,
          body: completeInput,
          response: okResponse,
        },
      },
    },
    async (req) => {
      const input = parseInput(completeInput, req.body);
      await resets.complete(req.params.token, input.password);
      return { ok: true };
    },
  );
}
