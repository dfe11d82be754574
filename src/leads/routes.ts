import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Accounts, Actor } from '../accounts/accounts.js';
import type { Permission } from '../accounts/permissions.js';
import type { Clock } from '../clock.js';
import { AppError, type ErrorCode } from '../errors.js';
import type { Events } from '../events/events.js';
import { auditActor, authorize, hasPermission } from '../http/guard.js';
import { toCsv } from '../registration/csv.js';
import { parseInput } from '../validation.js';
import type { EventLeadSettings, Handoff } from './handoff.js';
import type { LeadActor, LeadFilter, Leads } from './leads.js';
import * as s from './schemas.js';
import { breakdownText } from './scoring.js';
import { listSegment } from './segments.js';
import { leadDetailView, leadSummaryView, rescoreView } from './views.js';

type Id = { Params: { id: string } };
type SegmentId = { Params: { id: string; segment: string } };
const tags = ['leads'];
const CSV_PAGE = 1000;

const leadActor = (actor: Actor): LeadActor => ({
  ...auditActor(actor),
  userId: actor.kind === 'user' ? actor.user.id : null,
  canManage: hasPermission(actor, 'leads:manage'),
});

/** Leads: scores and rules, the lifecycle, sales work ("my leads"), the hand-off, nurture segments, CSV. */
export function leadsRoutes(
  app: FastifyInstance,
  deps: {
    accounts: Accounts;
    clock: Clock;
    events: Events;
    leads: Leads;
    handoff: Handoff;
    db: { kysely: Parameters<typeof listSegment>[0] };
  },
) {
  const { accounts, events, leads, handoff } = deps;
  const guard = (permission: Permission) => ({ preHandler: authorize(accounts, permission) });
  const doc = (
    operationId: string,
    summary: string,
    permission: Permission,
    response: z.ZodType | undefined,
    extra: { body?: z.ZodType; query?: z.ZodType; errors?: ErrorCode[]; produces?: string } = {},
  ) => ({ doc: { operationId, summary, tags, permission, response, ...extra } });
  const route = (
    permission: Permission,
    ...rest: Parameters<typeof doc> extends [string, string, Permission, ...infer R]
      ? [string, string, ...R]
      : never
  ) => ({
    ...guard(permission),
    config: doc(rest[0], rest[1], permission, rest[2], rest[3]),
  });

  const filterOf = (req: FastifyRequest, query: z.output<typeof s.listQuery>): LeadFilter => ({
    event_id: query.event_id,
    stage: query.stage,
    min_score: query.min_score,
    max_score: query.max_score,
    owner_id: query.owner === 'me' ? (leadActor(req.actor!).userId ?? '-') : query.owner,
    company: query.company,
    q: query.q,
    limit: query.page_size,
    offset: (query.page - 1) * query.page_size,
  });
  const detail = async (contactId: string) => leadDetailView(await leads.detail(contactId));

  app.get(
    '/api/v1/leads',
    route(
      'leads:read',
      'listLeads',
      'Leads by score, filtered by event, stage, score, owner, company or name',
      s.leadListResponse,
      { query: s.listQuery },
    ),
    async (req) => {
      const { rows, total } = await leads.list(filterOf(req, parseInput(s.listQuery, req.query)));
      return { leads: rows.map(leadSummaryView), total };
    },
  );

  app.get(
    '/api/v1/leads.csv',
    route(
      'leads:read',
      'exportLeadsCsv',
      'Leads with scores, breakdowns and stages as CSV (UTF-8 with BOM, Excel-safe)',
      undefined,
      {
        query: s.listQuery,
        produces: 'text/csv',
      },
    ),
    async (req, reply) => {
      const filter = filterOf(req, parseInput(s.listQuery, req.query));
      const rows: (string | number | null)[][] = [];
      for (let offset = 0; ; offset += CSV_PAGE) {
        const page = await leads.list({ ...filter, limit: CSV_PAGE, offset });
        for (const r of page.rows) {
          const v = leadSummaryView(r);
          rows.push([
            v.contact_id,
            v.name,
            v.email,
            v.company,
            v.job_title,
            v.score,
            v.stage,
            v.owner_name,
            v.mql_at,
            breakdownText(v.breakdown),
            v.scored_at,
          ]);
        }
        if (page.rows.length < CSV_PAGE) break;
      }
      return reply
        .header('content-disposition', 'attachment; filename="leads.csv"')
        .header('cache-control', 'private, no-store')
        .type('text/csv; charset=utf-8')
        .send(
          toCsv(
            [
              'contact_id',
              'name',
              'email',
              'company',
              'job_title',
              'score',
              'stage',
              'owner',
              'mql_at',
              'breakdown',
              'scored_at',
            ],
            rows,
          ),
        );
    },
  );

  app.get(
    '/api/v1/leads/mine',
    route(
      'leads:read',
      'listMyLeads',
      'The leads handed to me, soonest follow-up deadline first',
      s.myLeadsResponse,
    ),
    async (req) => {
      const userId = leadActor(req.actor!).userId;
      const now = deps.clock.now().toISOString();
      const rows = userId ? await handoff.myLeads(userId) : [];
      return { now, leads: rows.map((r) => ({ ...r, is_overdue: !r.first_touch_at && r.due_at < now })) };
    },
  );

  const rulesView = async () => {
    const r = await leads.rules();
    return {
      rules: r.ruleSet,
      version: r.version,
      updated_at: r.updatedAt,
      rescore: r.rescore && rescoreView(r.rescore),
    };
  };
  app.get(
    '/api/v1/leads/rules',
    route(
      'leads:read',
      'getLeadRules',
      'The score rules, the MQL threshold and the latest re-score',
      s.rulesResponse,
    ),
    rulesView,
  );
  app.put(
    '/api/v1/leads/rules',
    route(
      'leads:manage',
      'updateLeadRules',
      'Replace the score rules; everyone is re-scored in the background',
      s.rulesResponse,
      { body: s.ruleSetSchema },
    ),
    async (req) => {
      await leads.updateRules(leadActor(req.actor!), parseInput(s.ruleSetSchema, req.body));
      return rulesView();
    },
  );
  app.get<Id>(
    '/api/v1/leads/rescores/:id',
    route('leads:read', 'getLeadRescore', 'Progress of a full re-score', s.rescoreResponse),
    async (req) => ({
      rescore: rescoreView(await leads.getRescore(req.params.id)),
    }),
  );

  /** Assignment rules name their owner, so a reader who may not list the team (sales) sees who, not an id. */
  const withOwnerNames = async (settings: EventLeadSettings) => {
    const names = new Map((await handoff.owners()).map((o) => [o.id, o.name]));
    return {
      ...settings,
      assignment_rules: settings.assignment_rules.map((r) => ({
        ...r,
        owner_name: names.get(r.owner_id) ?? null,
      })),
    };
  };

  app.get(
    '/api/v1/leads/owners',
    route(
      'leads:manage',
      'listLeadOwners',
      'Teammates with their time zone and whether they take round-robin leads',
      s.ownersResponse,
    ),
    async () => ({
      owners: (await handoff.owners()).map((o) => ({
        user_id: o.id,
        name: o.name,
        role: o.role,
        time_zone: o.time_zone ?? null,
        in_pool: o.in_pool === 1,
      })),
    }),
  );
  app.put<Id>(
    '/api/v1/leads/owners/:id',
    route(
      'leads:manage',
      'updateLeadOwner',
      "Set a teammate's time zone and round-robin membership",
      s.ownersResponse,
      { body: s.ownerSettingsInput },
    ),
    async (req) => {
      await handoff.saveOwner(
        auditActor(req.actor!),
        req.params.id,
        parseInput(s.ownerSettingsInput, req.body),
      );
      return {
        owners: (await handoff.owners()).map((o) => ({
          user_id: o.id,
          name: o.name,
          role: o.role,
          time_zone: o.time_zone ?? null,
          in_pool: o.in_pool === 1,
        })),
      };
    },
  );

  app.get<Id>(
    '/api/v1/leads/:id',
    route('leads:read', 'getLead', 'One lead with the person’s whole history', s.leadDetailResponse),
    async (req) => detail(req.params.id),
  );
  app.post<Id>(
    '/api/v1/leads/:id/stage',
    route(
      'leads:work',
      'moveLeadStage',
      'Move a lead to another stage (sales: their own leads)',
      s.leadDetailResponse,
      { body: s.stageInput, errors: ['INVALID_STATE'] },
    ),
    async (req) => {
      await leads.moveStage(leadActor(req.actor!), req.params.id, parseInput(s.stageInput, req.body));
      return detail(req.params.id);
    },
  );
  app.put<Id>(
    '/api/v1/leads/:id/owner',
    route(
      'leads:manage',
      'assignLead',
      'Give a lead to a teammate, or take it back (null)',
      s.leadDetailResponse,
      { body: s.ownerInput },
    ),
    async (req) => {
      await leads.setOwner(leadActor(req.actor!), req.params.id, parseInput(s.ownerInput, req.body).owner_id);
      return detail(req.params.id);
    },
  );
  app.put<Id>(
    '/api/v1/leads/:id/profile',
    route(
      'leads:work',
      'updateLeadProfile',
      'Set fit facts (industry, size, timeline, budget, region); the lead is re-scored',
      s.leadDetailResponse,
      { body: s.profileInput },
    ),
    async (req) => {
      await leads.setProfile(leadActor(req.actor!), req.params.id, parseInput(s.profileInput, req.body));
      return detail(req.params.id);
    },
  );
  app.post<Id>(
    '/api/v1/leads/:id/touches',
    route('leads:work', 'logLeadTouch', 'Log a call, email or note on a lead', s.touchResponse, {
      body: s.touchInput,
    }),
    async (req) => {
      const { contact_id: _, ...touch } = await leads.addTouch(
        leadActor(req.actor!),
        req.params.id,
        parseInput(s.touchInput, req.body),
      );
      return { touch };
    },
  );

  app.get<Id>(
    '/api/v1/events/:id/leads/settings',
    route(
      'leads:read',
      'getEventLeadSettings',
      'The event’s follow-up SLA, working hours and assignment rules',
      s.eventSettingsResponse,
    ),
    async (req) => {
      await events.getEvent(req.params.id);
      return { settings: await withOwnerNames(await handoff.settings(req.params.id)) };
    },
  );
  app.put<Id>(
    '/api/v1/events/:id/leads/settings',
    route(
      'leads:manage',
      'updateEventLeadSettings',
      'Set the event’s follow-up SLA, working hours and assignment rules',
      s.eventSettingsResponse,
      { body: s.eventSettingsInput },
    ),
    async (req) => ({
      settings: await withOwnerNames(
        await handoff.saveSettings(
          auditActor(req.actor!),
          req.params.id,
          parseInput(s.eventSettingsInput, req.body),
        ),
      ),
    }),
  );
  app.post<Id>(
    '/api/v1/events/:id/leads/handoff',
    route(
      'leads:manage',
      'handOffEventLeads',
      'Assign the event’s unassigned MQLs now (also done when the event ends)',
      s.handoffResponse,
      { errors: ['INVALID_STATE'] },
    ),
    async (req) => {
      const event = await events.getEvent(req.params.id);
      if (event.status !== 'ended' && event.status !== 'on_demand')
        throw new AppError('INVALID_STATE', 'Leads are handed off once the event has ended');
      return { assigned: await handoff.handOff(event.id, deps.clock.now()) };
    },
  );
  app.get<Id>(
    '/api/v1/events/:id/leads/sla',
    route(
      'leads:read',
      'getEventLeadSla',
      'The event’s SLA compliance: % followed up in time, median time to first touch',
      s.slaResponse,
    ),
    async (req) => {
      await events.getEvent(req.params.id);
      return { sla: await handoff.compliance(req.params.id) };
    },
  );

  app.get<SegmentId>(
    '/api/v1/events/:id/segments/:segment',
    route(
      'leads:read',
      'listEventSegment',
      'A nurture segment of the event: registered-but-absent, attended-but-not-MQL, MQL-not-accepted, downloaded-an-offer',
      s.segmentResponse,
    ),
    async (req) => {
      const { segment } = parseInput(s.segmentParams, req.params);
      const event = await events.getEvent(req.params.id);
      return { segment, contacts: await listSegment(deps.db.kysely, event.id, segment) };
    },
  );
  app.get<SegmentId>(
    '/api/v1/events/:id/segments/:segment/contacts.csv',
    route(
      'leads:read',
      'exportEventSegmentCsv',
      'A nurture segment as CSV (UTF-8 with BOM, Excel-safe)',
      undefined,
      { produces: 'text/csv' },
    ),
    async (req, reply) => {
      const { segment } = parseInput(s.segmentParams, req.params);
      const event = await events.getEvent(req.params.id);
      const rows = await listSegment(deps.db.kysely, event.id, segment);
      return reply
        .header('content-disposition', `attachment; filename="${event.slug}-${segment}.csv"`)
        .header('cache-control', 'private, no-store')
        .type('text/csv; charset=utf-8')
        .send(
          toCsv(
            ['contact_id', 'email', 'name', 'company'],
            rows.map((r) => [r.contact_id, r.email, r.name, r.company]),
          ),
        );
    },
  );
}
