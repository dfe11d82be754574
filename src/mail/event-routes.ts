import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Accounts, Actor } from '../accounts/accounts.js';
import type { Permission } from '../accounts/permissions.js';
import type { ErrorCode } from '../errors.js';
import { forbidden, notFound } from '../errors.js';
import type { Events } from '../events/events.js';
import { okResponse } from '../http/formats.js';
import { authorize } from '../http/guard.js';
import type { RouteDoc } from '../http/openapi.js';
import { parseInput } from '../validation.js';
import type { CampaignRow } from './campaigns/campaigns.js';
import type { EventEmail } from './email.js';
import * as s from './schemas.js';
import { personalise } from './templates/compile.js';
import { MERGE_FIELDS } from './templates/merge.js';
import type { TemplateKey } from './templates/templates.js';

type Id = { Params: { id: string } };
type Template = { Params: { id: string; key: string; locale: string } };
type Campaign = { Params: { id: string; campaignId: string } };
const tags = ['email'];

/** The Email tab of an event: plan, templates (with preview and test send), campaigns, delivery log, cancellation. */
export function eventEmailRoutes(
  app: FastifyInstance,
  deps: {
    accounts: Accounts;
    events: Events;
    email: EventEmail;
    transportKind: 'smtp' | 'outbox';
    ratePerMinute: number;
    baseUrl: string;
  },
) {
  const { accounts, events, email } = deps;
  const guard = (permission: Permission) => ({ preHandler: authorize(accounts, permission) });
  const doc = (
    operationId: string,
    summary: string,
    permission: Permission,
    response: z.ZodType,
    extra: Partial<RouteDoc> & { errors?: ErrorCode[] } = {},
  ): { doc: RouteDoc } => ({ doc: { operationId, summary, tags, permission, response, ...extra } });

  const planOf = async (eventId: string) => ({
    plan: {
      ...(await email.planView(eventId)),
      transport: deps.transportKind,
      rate_per_minute: deps.ratePerMinute,
    },
  });

  /** A step, or a campaign of this event; 404 for anything else. */
  const templateKey = async (eventId: string, key: string): Promise<TemplateKey> => {
    await events.getEvent(eventId);
    if (key.startsWith('campaign.')) {
      await email.campaigns.get(eventId, key.slice(9));
      return key as TemplateKey;
    }
    const parsed = s.step.safeParse(key);
    if (!parsed.success) throw notFound('Email template');
    return parsed.data;
  };
  const localeOf = (value: string) => {
    const parsed = s.locale.safeParse(value);
    if (!parsed.success) throw notFound('Email template');
    return parsed.data;
  };
  const templateView = async (eventId: string, key: TemplateKey, locale: ReturnType<typeof localeOf>) => {
    const found = await email.templates.find(eventId, key, locale);
    return {
      template: {
        key,
        locale,
        subject: found.subject,
        body: found.body,
        is_default: found.is_default,
        updated_at: found.updated_at,
        merge_fields: [...MERGE_FIELDS],
      },
    };
  };
  const campaignView = async (row: CampaignRow) => {
    const counts = await email.log.counts(row.event_id);
    return {
      id: row.id,
      name: row.name,
      audience: JSON.parse(row.audience),
      status: row.status,
      send_at: row.send_at,
      created_at: row.created_at,
      template_key: `campaign.${row.id}`,
      counts: counts.get(`campaign.${row.id}`) ?? null,
    };
  };
  const teammate = (actor: Actor) => {
    if (actor.kind !== 'user') throw forbidden('A test email goes to a signed-in teammate, not an API token');
    return { email: actor.user.email, name: actor.user.name };
  };

  app.get<Id>(
    '/api/v1/events/:id/email/plan',
    {
      ...guard('mail:read'),
      config: doc(
        'getEmailPlan',
        "The event's email plan with each step's time and results",
        'mail:read',
        s.planResponse,
      ),
    },
    async (req) => planOf(req.params.id),
  );

  app.patch<{ Params: { id: string; step: string } }>(
    '/api/v1/events/:id/email/plan/:step',
    {
      ...guard('mail:write'),
      config: doc(
        'updateEmailPlanStep',
        'Switch a step on or off, or change its timing',
        'mail:write',
        s.planResponse,
        {
          body: s.planStepInput,
        },
      ),
    },
    async (req) => {
      await events.getEvent(req.params.id);
      const step = s.step.safeParse(req.params.step);
      if (!step.success) throw notFound('Plan step');
      await email.plan.update(req.actor!, req.params.id, step.data, parseInput(s.planStepInput, req.body));
      return planOf(req.params.id);
    },
  );

  const templatePath = '/api/v1/events/:id/email/templates/:key/:locale';
  app.get<Template>(
    templatePath,
    {
      ...guard('mail:read'),
      config: doc(
        'getEmailTemplate',
        'A template (the built-in one until the team saves its own)',
        'mail:read',
        s.templateResponse,
      ),
    },
    async (req) => {
      const key = await templateKey(req.params.id, req.params.key);
      return templateView(req.params.id, key, localeOf(req.params.locale));
    },
  );

  app.put<Template>(
    templatePath,
    {
      ...guard('mail:write'),
      config: doc(
        'saveEmailTemplate',
        'Save a template; refused with each problem (part, line, merge field)',
        'mail:write',
        s.templateResponse,
        { body: s.templateInput },
      ),
    },
    async (req) => {
      const key = await templateKey(req.params.id, req.params.key);
      const locale = localeOf(req.params.locale);
      await email.templates.save(
        req.actor!,
        req.params.id,
        key,
        locale,
        parseInput(s.templateInput, req.body),
      );
      return templateView(req.params.id, key, locale);
    },
  );

  app.delete<Template>(
    templatePath,
    {
      ...guard('mail:write'),
      config: doc('resetEmailTemplate', 'Go back to the built-in template', 'mail:write', s.templateResponse),
    },
    async (req) => {
      const key = await templateKey(req.params.id, req.params.key);
      const locale = localeOf(req.params.locale);
      await email.templates.reset(req.actor!, req.params.id, key, locale);
      return templateView(req.params.id, key, locale);
    },
  );

  app.post<Template>(
    `${templatePath}/preview`,
    {
      ...guard('mail:read'),
      config: doc(
        'previewEmailTemplate',
        'Render a template being edited with sample values (shown in a sandboxed frame)',
        'mail:read',
        s.previewResponse,
        { body: s.templateInput },
      ),
    },
    async (req) => {
      await templateKey(req.params.id, req.params.key);
      const locale = localeOf(req.params.locale);
      const input = parseInput(s.templateInput, req.body);
      const compiled = await email.templates.check(input, locale);
      const event = await events.getEvent(req.params.id);
      const who = req.actor!.kind === 'user' ? req.actor!.user.name : 'Ada';
      return { preview: personalise(compiled, await email.sampleValues(event, who, locale)) };
    },
  );

  app.post<Template>(
    `${templatePath}/test`,
    {
      ...guard('mail:write'),
      config: doc(
        'sendTestEmail',
        'Send the template (as saved, or as being edited) to yourself',
        'mail:write',
        okResponse,
        {
          body: s.testInput,
        },
      ),
    },
    async (req) => {
      const key = await templateKey(req.params.id, req.params.key);
      const locale = localeOf(req.params.locale);
      const input = parseInput(s.testInput, req.body ?? {});
      const to = teammate(req.actor!);
      const draft =
        input.subject !== undefined && input.body !== undefined
          ? { subject: input.subject, body: input.body }
          : undefined;
      await email.sendTest(req.params.id, key, locale, to, draft);
      return { ok: true as const };
    },
  );

  app.get<Id>(
    '/api/v1/events/:id/email/deliveries',
    {
      ...guard('mail:read'),
      config: doc(
        'listEmailDeliveries',
        'The delivery log: each step or campaign, per recipient',
        'mail:read',
        s.deliveriesResponse,
        {
          query: s.deliveriesQuery,
        },
      ),
    },
    async (req) => {
      await events.getEvent(req.params.id);
      const query = parseInput(s.deliveriesQuery, req.query);
      const { rows, total } = await email.log.list(req.params.id, query);
      return { deliveries: rows, total, page: query.page, page_size: query.page_size };
    },
  );

  app.post<Id>(
    '/api/v1/events/:id/email/cancel-event',
    {
      ...guard('events:write'),
      config: doc(
        'cancelEventWithEmail',
        'Cancel the event: back to draft, unsent emails dropped, and (notify) registrants told',
        'events:write',
        s.cancelEventResponse,
        { body: s.cancelEventInput, errors: ['INVALID_STATE'] },
      ),
    },
    async (req) => {
      const { notify } = parseInput(s.cancelEventInput, req.body ?? {});
      const { notified } = await email.cancelEvent(req.actor!, req.params.id, notify);
      return { status: 'draft' as const, notified };
    },
  );

  app.get<Id>(
    '/api/v1/events/:id/email/campaigns',
    {
      ...guard('mail:read'),
      config: doc(
        'listEmailCampaigns',
        "The event's campaigns, newest first",
        'mail:read',
        s.campaignsResponse,
      ),
    },
    async (req) => {
      await events.getEvent(req.params.id);
      return { campaigns: await Promise.all((await email.campaigns.list(req.params.id)).map(campaignView)) };
    },
  );

  app.post<Id>(
    '/api/v1/events/:id/email/campaigns',
    {
      ...guard('mail:write'),
      config: doc(
        'createEmailCampaign',
        'Draft a one-off email to an audience of the event',
        'mail:write',
        s.campaignResponse,
        {
          body: s.campaignInput,
        },
      ),
    },
    async (req) => {
      await events.getEvent(req.params.id);
      const row = await email.campaigns.create(
        req.actor!,
        req.params.id,
        parseInput(s.campaignInput, req.body),
      );
      return { campaign: await campaignView(row) };
    },
  );

  app.get<Campaign>(
    '/api/v1/events/:id/email/campaigns/:campaignId',
    {
      ...guard('mail:read'),
      config: doc('getEmailCampaign', 'A campaign with its delivery counts', 'mail:read', s.campaignResponse),
    },
    async (req) => ({
      campaign: await campaignView(await email.campaigns.get(req.params.id, req.params.campaignId)),
    }),
  );

  app.post<Campaign>(
    '/api/v1/events/:id/email/campaigns/:campaignId/schedule',
    {
      ...guard('mail:write'),
      config: doc(
        'scheduleEmailCampaign',
        'Send the campaign now, or at send_at',
        'mail:write',
        s.campaignResponse,
        {
          body: s.scheduleInput,
          errors: ['INVALID_STATE'],
        },
      ),
    },
    async (req) => {
      const { send_at } = parseInput(s.scheduleInput, req.body ?? {});
      const row = await email.campaigns.schedule(
        req.actor!,
        req.params.id,
        req.params.campaignId,
        send_at ? new Date(send_at) : undefined,
      );
      return { campaign: await campaignView(row) };
    },
  );

  app.post<Campaign>(
    '/api/v1/events/:id/email/campaigns/:campaignId/cancel',
    {
      ...guard('mail:write'),
      config: doc(
        'cancelEmailCampaign',
        'Stop a campaign: its unsent emails are not sent',
        'mail:write',
        s.campaignResponse,
      ),
    },
    async (req) => ({
      campaign: await campaignView(
        await email.campaigns.cancel(req.actor!, req.params.id, req.params.campaignId),
      ),
    }),
  );
}
