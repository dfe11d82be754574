import { z } from 'zod';
import { CHANNEL_KINDS } from '../tables.js';
import type { ReportRow } from './rows.js';

const rate = z.number().nullable().describe('0–1; null when there is nothing to divide by');
const money = z.number().nullable().describe('In `currency`; null without a cost or a count');

const reportRowView = z.object({
  /** null: registrations and views without a channel (direct, unknown or stopped codes). */
  channel_id: z.string().nullable(),
  code: z.string().nullable(),
  name: z.string().nullable(),
  kind: z.enum(CHANNEL_KINDS).nullable(),
  status: z.enum(['active', 'archived']).nullable(),
  views: z.number().int(),
  unique_visitors: z
    .number()
    .int()
    .describe('Browsers with a visitor id; DNT / GPC views are not among them'),
  registrations: z.number().int(),
  registration_rate: rate.describe('Registrations per landing view'),
  attendees: z.number().int(),
  attendees_live: z.number().int(),
  attendees_replay: z.number().int(),
  attendance_rate: rate,
  leads: z.number().int().describe('Attendees not disqualified, as in the event dashboard'),
  mqls: z.number().int(),
  opportunities: z.number().int().describe('Created after the contact watched the event'),
  revenue: z.number().describe('Won deals after those opportunities, amounts as recorded'),
  cost: money,
  currency: z.string().nullable(),
  cost_per_registration: money,
  cost_per_attendee: money,
  cost_per_lead: money,
  cost_per_mql: money,
});

export const channelReportResponse = z.object({
  event_id: z.string(),
  rows: z.array(reportRowView),
  totals: reportRowView,
});

export const reportRowJson = (r: ReportRow): z.output<typeof reportRowView> => ({
  channel_id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind as z.output<typeof reportRowView>['kind'],
  status: r.status,
  views: r.views,
  unique_visitors: r.uniqueVisitors,
  registrations: r.registrations,
  registration_rate: r.registrationRate,
  attendees: r.attendees,
  attendees_live: r.attendeesLive,
  attendees_replay: r.attendeesReplay,
  attendance_rate: r.attendanceRate,
  leads: r.leads,
  mqls: r.mqls,
  opportunities: r.opportunities,
  revenue: r.revenue,
  cost: r.cost,
  currency: r.currency,
  cost_per_registration: r.costPerRegistration,
  cost_per_attendee: r.costPerAttendee,
  cost_per_lead: r.costPerLead,
  cost_per_mql: r.costPerMql,
});

/** The CSV's columns: the JSON row's fields, in the same order. */
export const REPORT_CSV_COLUMNS = Object.keys(reportRowView.shape) as (keyof z.output<
  typeof reportRowView
>)[];
