import { z } from 'zod';
import { isValidTimeZone } from '../events/time.js';
import { localTime, timestamp, timeZone } from '../http/formats.js';
import { FUNNEL_STEPS } from './funnel/funnel.js';

/**
 * Response shapes of the analytics API. A figure whose facts another module records is
 * `available: false` with `missing` (which facts) and `reason`, never a 0.
 */
const missingSource = z.enum(['promotion_visits', 'lead_stages']);
export const unavailableView = z.object({
  available: z.literal(false),
  missing: missingSource,
  reason: z.string(),
});
const availableView = z.object({ available: z.literal(true) });
const sourceView = z.union([availableView, unavailableView]);
const count = z.number().int().nonnegative();
const rate = z
  .number()
  .nonnegative()
  .nullable()
  .describe('A ratio: 0.4 is 40 %; null when it has no meaning');
const seconds = z.number().int().nonnegative();

const eventRef = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['draft', 'scheduled', 'live', 'ended', 'on_demand']),
  timeZone,
  starts_at: timestamp,
  ends_at: timestamp,
});

const leadCells = {
  leads: count.nullable(),
  mqls: count.nullable(),
  opportunities: count.nullable(),
  won_amount: z.number().nonnegative().nullable(),
};

export const dashboardView = z.object({
  event: eventRef,
  sources: z.object({ visits: sourceView, leads: sourceView }),
  funnel: z.array(
    z.object({
      step: z.enum(FUNNEL_STEPS),
      available: z.boolean(),
      count: count.nullable(),
      rate,
      missing: missingSource.nullable(),
    }),
  ),
  attendees: z.object({ total: count, live: count, replay: count, anonymous_viewers: count }),
  won_amount: z.number().nonnegative().nullable(),
  channels: z.array(
    z.object({
      channel: z.string().nullable().describe('registrations.channel; null = direct / unknown'),
      channel_name: z.string().nullable().describe("The promotion channel's name, when the channel is one"),
      visits: count.nullable(),
      registrations: count,
      attendees: count,
      attendees_live: count,
      attendees_replay: count,
      attendance_rate: rate,
      ...leadCells,
    }),
  ),
  devices: z.object({
    registrations: z.object({ phone: count, desktop: count, unknown: count, phone_share: rate }),
    attendees: z.object({ phone: count, desktop: count, phone_share: rate }),
  }),
  days: z.array(
    z.object({
      day: z.iso.date().describe("The event's local day"),
      registrations: count,
      cumulative: count,
      attendees: count.describe('Registrations of that day that attended'),
    }),
  ),
});
export type DashboardView = z.output<typeof dashboardView>;

const minutePoint = {
  minute: timestamp,
  local_time: localTime.describe("The minute in the event's time zone"),
};

export const liveReportView = z.object({
  event: eventRef,
  window: z
    .object({ from: timestamp, to: timestamp, source: z.enum(['concurrency', 'schedule']) })
    .describe('The minutes the curves cover: the minutes viewers were counted in, or the scheduled time'),
  peak: z.object({ viewers: count, minute: timestamp, local_time: localTime }).nullable(),
  watch: z.object({
    live_viewers: count,
    average_seconds: seconds.nullable(),
    median_seconds: seconds.nullable(),
    replay_viewers: count,
    replay_average_seconds: seconds.nullable(),
    replay_median_seconds: seconds.nullable(),
  }),
  minutes: z.array(
    z.object({
      ...minutePoint,
      viewers: count,
      chat: count,
      questions: count,
      poll_answers: count,
      offer_clicks: count,
    }),
  ),
  drop_off: z.array(z.object({ minute: z.number().int().nonnegative(), viewers: count, share: rate })),
  totals: z.object({
    chat: count,
    questions: count,
    question_votes: count,
    poll_answers: count,
    offer_clicks: count,
    offer_downloads: count,
    checkins: count,
  }),
  top_questions: z.array(
    z.object({
      id: z.string(),
      body: z.string(),
      display_name: z.string(),
      upvotes: count,
      status: z.enum(['held', 'open', 'answered', 'dismissed']),
      created_at: timestamp,
    }),
  ),
  polls: z.array(
    z.object({
      id: z.string(),
      question: z.string(),
      kind: z.enum(['single', 'multiple']),
      status: z.enum(['draft', 'open', 'closed']),
      respondents: count,
      options: z.array(z.object({ label: z.string(), votes: count, share: rate })),
    }),
  ),
  offers: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.enum(['draft', 'live', 'withdrawn']),
      clicks: count,
      forms: count,
      downloads: count,
      viewers: count.describe('Distinct viewers who clicked, filled the form or downloaded'),
    }),
  ),
});
export type LiveReportView = z.output<typeof liveReportView>;

export const weeklyReviewView = z.object({
  week: z.object({ from: timestamp, to: timestamp, previous_from: timestamp }),
  sources: z.object({ leads: sourceView }),
  totals: z.object({
    registrations_this_week: count,
    registrations_previous_week: count,
    attendees_this_week: count,
    attendees_previous_week: count,
  }),
  events: z.array(
    z.object({
      event: eventRef,
      registrations: count,
      registrations_this_week: count,
      attendees: count,
      attendees_live: count,
      attendees_replay: count,
      attendees_this_week: count.describe('Registered viewers who watched (live or replay) this week'),
      mqls: count.nullable(),
      mqls_this_week: count.nullable(),
      pipeline: z.number().nonnegative().nullable(),
      pipeline_this_week: z.number().nonnegative().nullable(),
      revenue: z.number().nonnegative().nullable(),
      revenue_this_week: z.number().nonnegative().nullable(),
    }),
  ),
});
export type WeeklyReviewView = z.output<typeof weeklyReviewView>;

export const DASHBOARD_TABLES = ['funnel', 'channels', 'devices', 'days'] as const;
export const LIVE_TABLES = ['minutes', 'drop_off', 'top_questions', 'polls', 'offers'] as const;
export const csvQuery = z.object({ table: z.enum([...DASHBOARD_TABLES, ...LIVE_TABLES]) });
export type EventTableName = z.output<typeof csvQuery>['table'];

/** A person's choice about the weekly review email (off until turned on). */
export const weeklyEmailPreference = z.object({ weekly_email: z.boolean() });

const weekday = z.number().int().min(1).max(7).describe('ISO weekday: 1 = Monday … 7 = Sunday');
const hour = z.number().int().min(0).max(23).describe('Hour of the day, 0–23, in `timezone`');

/** The organisation's send time for the weekly review email (admins). */
export const weeklyScheduleInput = z.object({
  weekday,
  hour,
  timezone: z.string().max(64).refine(isValidTimeZone, 'field.timezone'),
});

const weeklySchedule = z.object({ weekday, hour, timezone: timeZone });
export const weeklyScheduleView = z.object({
  schedule: weeklySchedule,
  next_run_at: timestamp.describe('When the next weekly email goes out'),
});
export const weeklyEmailView = weeklyScheduleView.extend({ weekly_email: z.boolean() });
