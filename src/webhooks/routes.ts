import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Accounts } from '../accounts/accounts.js';
import type { Clock } from '../clock.js';
import type { ErrorCode } from '../errors.js';
import { okResponse } from '../http/formats.js';
import { auditActor, authorize } from '../http/guard.js';
import { parseInput } from '../validation.js';
import * as s from './schemas.js';
import { attemptView, deliveryView, subscriptionView, type Webhooks } from './webhooks.js';

type Id = { Params: { id: string } };
const tags = ['webhooks'];
const permission = 'webhooks:manage' as const;

/**
 * Webhook subscriptions, secret rotation, the delivery log, redelivery and the test ping
 * (admins and members). The signing secret is in the answers to create and rotate only.
 */
export function webhooksRoutes(
  app: FastifyInstance,
  deps: { accounts: Accounts; webhooks: Webhooks; clock: Clock },
) {
  const { accounts, webhooks, clock } = deps;
  const guard = { preHandler: authorize(accounts, permission) };
  const doc = (
    operationId: string,
    summary: string,
    response: z.ZodType,
    extra: { body?: z.ZodType; query?: z.ZodType; status?: number; errors?: ErrorCode[] } = {},
  ) => ({ doc: { operationId, summary, tags, permission, response, ...extra } });
  type Row = Awaited<ReturnType<Webhooks['get']>>;
  const view = (row: Row) => subscriptionView(row, clock.now());
  const withSecret = (row: Row) => ({ subscription: { ...view(row), secret: row.secret } });

  app.get(
    '/api/v1/webhooks/subscriptions',
    { ...guard, config: doc('listWebhookSubscriptions', 'Webhook subscriptions', s.subscriptionsResponse) },
    async () => ({ subscriptions: (await webhooks.list()).map(view) }),
  );

  app.post(
    '/api/v1/webhooks/subscriptions',
    {
      ...guard,
      config: doc(
        'createWebhookSubscription',
        'Subscribe a URL to event types; the answer carries the signing secret (shown only here and on rotation)',
        s.subscriptionSecretResponse,
        { body: s.subscriptionInput, status: 201 },
      ),
    },
    async (req, reply) => {
      const row = await webhooks.create(auditActor(req.actor!), parseInput(s.subscriptionInput, req.body));
      return reply.status(201).send(withSecret(row));
    },
  );

  app.get<Id>(
    '/api/v1/webhooks/subscriptions/:id',
    {
      ...guard,
      config: doc(
        'getWebhookSubscription',
        'One subscription (without its secret: rotate it to get a new one)',
        s.subscriptionResponse,
      ),
    },
    async (req) => ({ subscription: view(await webhooks.get(req.params.id)) }),
  );

  app.post<Id>(
    '/api/v1/webhooks/subscriptions/:id/secret/rotate',
    {
      ...guard,
      config: doc(
        'rotateWebhookSecret',
        'Issue a new signing secret (shown once in this answer); the previous one keeps signing too for 24 hours',
        s.subscriptionSecretResponse,
      ),
    },
    async (req) => withSecret(await webhooks.rotateSecret(auditActor(req.actor!), req.params.id)),
  );

  app.patch<Id>(
    '/api/v1/webhooks/subscriptions/:id',
    {
      ...guard,
      config: doc(
        'updateWebhookSubscription',
        'Change the URL, event types or description; enable (clears the failure count) or disable',
        s.subscriptionResponse,
        { body: s.subscriptionPatch },
      ),
    },
    async (req) => ({
      subscription: view(
        await webhooks.update(
          auditActor(req.actor!),
          req.params.id,
          parseInput(s.subscriptionPatch, req.body),
        ),
      ),
    }),
  );

  app.delete<Id>(
    '/api/v1/webhooks/subscriptions/:id',
    {
      ...guard,
      config: doc('deleteWebhookSubscription', 'Delete a subscription and its delivery log', okResponse),
    },
    async (req) => {
      await webhooks.remove(auditActor(req.actor!), req.params.id);
      return { ok: true as const };
    },
  );

  app.post<Id>(
    '/api/v1/webhooks/subscriptions/:id/ping',
    {
      ...guard,
      config: doc('pingWebhookSubscription', 'Queue a signed webhook.ping to this URL', s.deliveryResponse, {
        status: 202,
        errors: ['INVALID_STATE'],
      }),
    },
    async (req, reply) =>
      reply
        .status(202)
        .send({ delivery: deliveryView(await webhooks.ping(auditActor(req.actor!), req.params.id)) }),
  );

  app.get(
    '/api/v1/webhooks/deliveries',
    {
      ...guard,
      config: doc(
        'listWebhookDeliveries',
        'The delivery log, newest first, by subscription, status or event type',
        s.deliveriesResponse,
        { query: s.deliveriesQuery },
      ),
    },
    async (req) => {
      const { rows, total } = await webhooks.deliveries(parseInput(s.deliveriesQuery, req.query));
      return { deliveries: rows.map(deliveryView), total };
    },
  );

  app.get<Id>(
    '/api/v1/webhooks/deliveries/:id',
    {
      ...guard,
      config: doc(
        'getWebhookDelivery',
        'One delivery: its body and every attempt (code, answer excerpt, duration)',
        s.deliveryDetailResponse,
      ),
    },
    async (req) => {
      const { delivery, attempts } = await webhooks.delivery(req.params.id);
      return {
        delivery: deliveryView(delivery),
        payload: JSON.parse(delivery.payload) as Record<string, unknown>,
        attempts: attempts.map(attemptView),
      };
    },
  );

  app.post<Id>(
    '/api/v1/webhooks/deliveries/:id/redeliver',
    {
      ...guard,
      config: doc(
        'redeliverWebhook',
        'Send a delivery again now (same webhook-id and body)',
        s.deliveryResponse,
        { status: 202, errors: ['INVALID_STATE'] },
      ),
    },
    async (req, reply) =>
      reply
        .status(202)
        .send({ delivery: deliveryView(await webhooks.redeliver(auditActor(req.actor!), req.params.id)) }),
  );
}
