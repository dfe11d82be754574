import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../accounts/accounts.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { Events } from '../events/events.js';
import { auditActor, authorize } from '../http/guard.js';
import { isLocale, t } from '../i18n/index.js';
import { consentTextFor } from '../pages/landing.js';
import type { RoomService } from '../room/service.js';
import { parseInput } from '../validation.js';
import { toCsv } from './csv.js';
import type { RegistrationRow, Registrations } from './registrations.js';
import { listRegistrationsQuery, registrationInput, registrationPatch } from './schemas.js';

type Id = { Params: { id: string } };
const tags = ['registrations'];

const CSV_COLUMNS: [string, (r: RegistrationRow) => string | null][] = [
  ['registered_at', (r) => r.created_at],
  ['name', (r) => r.name],
  ['email', (r) => r.email],
  ['phone', (r) => r.phone],
  ['company', (r) => r.company],
  ['job_title', (r) => r.job_title],
  ['status', (r) => r.status],
  ['channel', (r) => r.channel],
  ['utm', (r) => r.utm],
  ['language', (r) => r.locale],
  ['consent_version', (r) => String(r.consent_version)],
  ['consented_at', (r) => r.consented_at],
];

const listView = (r: RegistrationRow) => ({
  id: r.id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  company: r.company,
  job_title: r.job_title,
  status: r.status,
  channel: r.channel,
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
    room: Pick<RoomService, 'endViewer'>;
  },
) {
  const { accounts, config, events, registrations, room } = deps;
  const read = { preHandler: authorize(accounts, 'registrations:read') };

  app.get<Id>(
    '/api/v1/events/:id/registrations',
    {
      ...read,
      config: {
        doc: {
          summary: 'Search, sort and page through registrations',
          tags,
          permission: 'registrations:read',
          query: listRegistrationsQuery,
        },
      },
    },
    async (req) => {
      await events.getEvent(req.params.id);
      const query = parseInput(listRegistrationsQuery, req.query);
      const { rows, total } = await registrations.list(req.params.id, query);
      return { registrations: rows.map(listView), total, page: query.page, page_size: query.page_size };
    },
  );

  app.patch<{ Params: { id: string; registrationId: string } }>(
    '/api/v1/events/:id/registrations/:registrationId',
    {
      preHandler: authorize(accounts, 'registrations:write'),
      config: {
        doc: {
          summary: 'Revoke or restore a registration (a revoked join link stops working)',
          tags,
          permission: 'registrations:write',
          body: registrationPatch,
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
      return { registration: listView(row) };
    },
  );

  app.get<Id>(
    '/api/v1/events/:id/registrations.csv',
    {
      ...read,
      config: {
        doc: {
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
      for await (const page of registrations.all(event.id))
        rows.push(...page.map((r) => CSV_COLUMNS.map(([, get]) => get(r))));
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
      config: {
        rateLimit: { max: config.rateLimits.registrationPerMinute, timeWindow: 60_000 },
        doc: {
          summary: 'Register for a published event (public, rate limited, idempotent per email)',
          tags,
          body: registrationInput,
        },
      },
    },
    async (req, reply) => {
      const event = await events.findEventBySlug(req.params.slug);
      if (!event || event.status === 'draft') throw new AppError('NOT_FOUND', 'Event not found');
      const locale = isLocale(req.query.lang) ? req.query.lang : event.language;
      const parsed = registrationInput.safeParse(req.body);
      if (!parsed.success) {
        const fields: Record<string, string> = {};
        for (const i of parsed.error.issues) fields[String(i.path[0] ?? '_')] ??= t(locale, i.message);
        throw new AppError('VALIDATION_FAILED', t(locale, 'reg.fix_errors'), { fields });
      }
      const { registration, created } = await registrations.register(event, parsed.data, {
        locale,
        consentText: consentTextFor(event, locale),
        userAgent: req.headers['user-agent'],
      });
      const base = config.publicBaseUrl;
      return reply.status(created ? 201 : 200).send({
        created,
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
