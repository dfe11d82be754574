import type { Database } from '../db/schema.js';
import type { Leads } from './leads.js';
import { nextStages } from './lifecycle.js';
import type { BreakdownLine } from './scoring.js';

type LeadRow = Database['leads'];
type ListRow = Awaited<ReturnType<Leads['list']>>['rows'][number];

const lines = (json: string | null): BreakdownLine[] | null =>
  json ? (JSON.parse(json) as BreakdownLine[]) : null;

/** A lead as lists show it. */
export const leadSummaryView = (r: ListRow) => ({
  contact_id: r.contact_id,
  name: r.name,
  email: r.email,
  company: r.company,
  job_title: r.job_title,
  score: r.score,
  breakdown: lines(r.breakdown) ?? [],
  stage: r.stage,
  owner_id: r.owner_id,
  owner_name: r.owner_name ?? null,
  mql_at: r.mql_at,
  scored_at: r.scored_at,
  stage_changed_at: r.stage_changed_at,
});

/** One lead with the person's whole history. */
export function leadDetailView(d: Awaited<ReturnType<Leads['detail']>>) {
  const { lead, contact } = d;
  const row: LeadRow = lead;
  return {
    lead: {
      ...leadSummaryView({
        ...row,
        name: contact.name,
        email: contact.email,
        company: contact.company,
        job_title: contact.job_title,
        owner_name: d.owner?.name ?? null,
      }),
      mql_facts: lines(row.mql_facts),
      rules_version: row.rules_version,
    },
    contact: {
      id: contact.id,
      name: contact.name,
      email: contact.email,
      phone: contact.phone,
      company: contact.company,
      job_title: contact.job_title,
      created_at: contact.created_at,
    },
    profile: {
      industry: d.profile?.industry ?? null,
      company_size: d.profile?.company_size ?? null,
      purchase_timeline: d.profile?.purchase_timeline ?? null,
      budget: d.profile?.budget ?? null,
      region: d.profile?.region ?? null,
    },
    registrations: d.registrations.map((r) => ({
      id: r.id,
      event_id: r.event_id,
      event_title: r.event_title,
      status: r.status,
      channel: r.channel,
      engagement: r.engagement ?? null,
      minutes_live: Math.floor(Number(r.live ?? 0) / 60),
      minutes_replay: Math.floor(Number(r.replay ?? 0) / 60),
      created_at: r.created_at,
    })),
    interactions: d.interactions,
    history: d.history.map(({ contact_id: _, ...h }) => h),
    touches: d.touches.map(({ contact_id: _, ...t }) => t),
    assignments: d.assignments.map(({ contact_id: _, ...a }) => a),
    next_stages: [...nextStages(row.stage)],
  };
}

export const rescoreView = (r: Database['lead_rescores']) => ({
  id: r.id,
  status: r.status,
  rules_version: r.rules_version,
  total: r.total,
  done: r.done,
  started_at: r.started_at,
  finished_at: r.finished_at,
});
