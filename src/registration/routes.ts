import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { z } from 'zod';
import type { Accounts } from '../accounts/accounts.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { Events } from '../events/events.js';
import { auditActor, authorize } from '../http/guard.js';
import { isLocale, t } from '../i18n/index.js';
import type { Forms } from '../leads/forms/forms.js';
import { publicRegistrationBody } from '../leads/forms/schemas.js';
import { consentTextFor } from '../pages/landing.js';
import type { Attribution } from '../promotion/attribution/attribution.js';
import type { Channels } from '../promotion/channels/channels.js';
import { type Referrals, visitorOf } from '../promotion/referrals/referrals.js';
import type { RoomService } from '../room/service.js';
import { parseInput } from '../validation.js';
import { toCsv } from './csv.js';
import type { RegistrationRow, Registrations } from './registrations.js';
import {
  listRegistrationsQuery,
  publicRegistrationResponse,
  registrationFieldErrors,
  registrationPatch,
  registrationResponse,
  registrationsResponse,
  repeatRegistrationResponse,
} from './schemas.js';

type Id = { Params: { id: string } };

const tags = ['registrations'];

/** A registration with its channel's name beside the channel id. */
type Listed = RegistrationRow & { channel_name: string | null };

const CSV_COLUMNS: [string, (r: Listed) => string | null][] = [
  ['registered_at', (r) => r.created_at],
  ['name', (r) => r.name],
  ['email', (r) => r.email],
  ['phone', (r) => r.phone],
  ['company', (r) => r.company],
  ['job_title', (r) => r.job_title],
  ['status', (r) => r.status],
  ['channel', (r) => r.channel],
  ['channel_name', (r) => r.channel_name],
  ['utm', (r) => r.utm],
  ['language', (r) => r.locale],
  ['consent_version', (r) => String(r.consent_version)],
  ['consented_at', (r) => r.consented_at],
];

const listView = (r: Listed) => ({
  id: r.id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  company: r.company,
  job_title: r.job_title,
  status: r.status,
  channel: r.channel,
  channel_name: r.channel_name,
  utm: r.utm ? (JSON.parse(r.utm) as Record<string, string>) : null,
  referred_by: r.referred_by,
  locale: r.locale,
  created_at: r.created_at,
});

export function registrationRoutes(
  app: FastifyInstance,
  deps: {
    accounts: Accounts;
    config: Config;
    events: Events;
    registrations: Registrations;
    forms: Forms;
    room: Pick<RoomService, 'endViewer'>;
    referrals: Referrals;
    promotion: { attribution: Attribution; channels: Pick<Channels, 'list'> };
  },
  /** The per-address registration bucket, shared with the form path (src/pages/routes.ts). */
  registrationLimit: onRequestHookHandler,
) {
  const { accounts, config, events, registrations, forms, room, referrals, promotion } = deps;
  const read = { preHandler: authorize(accounts, 'registrations:read') };
  /** The event's channel names (archived ones too: their registrations stay). */
  const named = async (eventId: string) => {
    const names = new Map((await promotion.channels.list(eventId, 'all')).map((c) => [c.id, c.name]));
    return (r: RegistrationRow): Listed => ({
      ...r,
      channel_name: (r.channel && names.get(r.channel)) || null,
    });
  };

  app.get<Id>(
    '/api/v1/events/:id/registrations',
    {
      ...read,
      config: {
        doc: {
          operationId: 'listRegistrations',
          summary: 'Search, sort and page through registrations',
          tags,
          permission: 'registrations:read',
          query: listRegistrationsQuery,
          response: registrationsResponse,
        },
      },
    },
    async (req) => {
      await events.getEvent(req.params.id);
      const query = parseInput(listRegistrationsQuery, req.query);
      const { rows, total } = await registrations.list(req.params.id, query);
      const withName = await named(req.params.id);
      return {
        registrations: rows.map((r) => listView(withName(r))),
        total,
        page: query.page,
        page_size: query.page_size,
      };
    },
  );

  app.patch<{ Params: { id: string; registrationId: string } }>(
    '/api/v1/events/:id/registrations/:registrationId',
    {
      preHandler: authorize(accounts, 'registrations:write'),
      config: {
        doc: {
          operationId: 'updateRegistration',
          summary: 'Revoke or restore a registration (a revoked join link stops working)',
          tags,
          permission: 'registrations:write',
          body: registrationPatch,
          response: registrationResponse,
        },
      },
    },
    async (req) => {
      const { status } = parseInput(registrationPatch, req.body);
      const row = await registrations.setStatus(
        auditActor(req.actor!),
        req.params.id,
        req.params.registrationId,
        status,
      );
      // A revoked join link must not keep working on a socket opened before: close it, as signing out does.
      if (row.status === 'revoked') room.endViewer(row.event_id, row.id, 'registration_revoked');
      return { registration: listView((await named(row.event_id))(row)) };
    },
  );

  app.get<Id>(
    '/api/v1/events/:id/registrations.csv',
    {
      ...read,
      config: {
        doc: {
          operationId: 'exportRegistrationsCsv',
          summary: 'All registrations as CSV (UTF-8 with BOM, opens in Excel)',
          tags,
          permission: 'registrations:read',
          produces: 'text/csv',
        },
      },
    },
    async (req, reply) => {
      const event = await events.getEvent(req.params.id);
      const rows: (string | null)[][] = [];
      const withName = await named(event.id);
      for await (const page of registrations.all(event.id))
        rows.push(...page.map((r) => CSV_COLUMNS.map(([, get]) => get(withName(r)))));
      return reply
        .header('content-disposition', `attachment; filename="${event.slug}-registrations.csv"`)
        .header('cache-control', 'private, no-store')
        .type('text/csv; charset=utf-8')
        .send(
          toCsv(
            CSV_COLUMNS.map(([name]) => name),
            rows,
          ),
        );
    },
  );

  app.post<{ Params: { slug: string }; Querystring: { lang?: string } }>(
    '/api/v1/public/events/:slug/registrations',
    {
      onRequest: registrationLimit,
      config: {
        doc: {
          operationId: 'registerForEvent',
          summary:
            "Register for a published event through its form (public, rate limited, idempotent per email; answers checked against the event's form; a repeat emails the link again and never returns it)",
          tags,
          body: publicRegistrationBody,
          query: z.object({ lang: z.enum(['en', 'zh-CN']).optional() }),
          status: 201,
          response: publicRegistrationResponse,
          // Limited by the shared per-address bucket (an onRequest hook, not config.rateLimit).
          errors: ['RATE_LIMITED'],
          responses: {
            200: {
              description: 'Already registered: the confirmation email with the link was sent again',
              schema: repeatRegistrationResponse,
            },
          },
        },
      },
    },
    async (req, reply) => {
      const event = await events.findEventBySlug(req.params.slug);
      if (!event || event.status === 'draft') throw new AppError('NOT_FOUND', 'Event not found');
      const locale = isLocale(req.query.lang) ? req.query.lang : event.language;
      const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {};
      const result = await forms.register(event, {
        values: body as Record<string, unknown>,
        locale,
        consentText: consentTextFor(event, locale),
        userAgent: req.headers['user-agent'],
        referral: await referrals.forRegistration(event, (body as { ref?: unknown }).ref, visitorOf(req)),
        attribution: await promotion.attribution(req, event, body as Record<string, unknown>),
      });
      if (!result.ok)
        throw new AppError('VALIDATION_FAILED', t(locale, 'reg.fix_errors'), {
          fields: registrationFieldErrors(result.error, locale),
        });
      const { registration, created } = result;
      // A repeat never carries the link: whoever sent this address may not own it. The
      // confirmation email goes to the address again instead.
      if (!created) return reply.status(200).send({ created: false, message: t(locale, 'confirm.already') });
      const base = config.publicBaseUrl;
      return reply.status(201).send({
        created: true,
        registration: {
          id: registration.id,
          join_url: `${base}/j/${registration.join_token}`,
          confirmation_url: `${base}/e/${event.slug}/registered/${registration.join_token}`,
          calendar_url: `${base}/e/${event.slug}/registered/${registration.join_token}/calendar.ics`,
        },
      });
    },
  );
}
