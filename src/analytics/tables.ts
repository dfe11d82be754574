import type { DashboardView, LiveReportView, WeeklyReviewView } from './schemas.js';

/**
 * Every chart's numbers as a table: the console shows these under each chart and the CSV
 * export writes the same rows, so the two cannot disagree. Pure, and imported by the console
 * (web/admin) as well as the server. Column names are stable snake_case ids; the console
 * translates them for display. A figure that is not available is an empty cell, never 0.
 */
export type Cell = string | number | null;
export interface Table {
  columns: string[];
  rows: Cell[][];
}

export function dashboardTables(d: DashboardView): Record<'funnel' | 'channels' | 'devices' | 'days', Table> {
  const { registrations: r, attendees: a } = d.devices;
  return {
    funnel: {
      columns: ['step', 'count', 'rate'],
      rows: d.funnel.map((s) => [s.step, s.count, s.rate]),
    },
    channels: {
      columns: [
        'channel',
        'visits',
        'registrations',
        'attendees',
        'attendees_live',
        'attendees_replay',
        'attendance_rate',
        'leads',
        'mqls',
        'opportunities',
        'won_amount',
      ],
      rows: d.channels.map((c) => [
        c.channel_name ?? c.channel,
        c.visits,
        c.registrations,
        c.attendees,
        c.attendees_live,
        c.attendees_replay,
        c.attendance_rate,
        c.leads,
        c.mqls,
        c.opportunities,
        c.won_amount,
      ]),
    },
    devices: {
      columns: ['who', 'phone', 'desktop', 'unknown', 'phone_share'],
      rows: [
        ['registrations', r.phone, r.desktop, r.unknown, r.phone_share],
        ['attendees', a.phone, a.desktop, 0, a.phone_share],
      ],
    },
    days: {
      columns: ['day', 'registrations', 'cumulative', 'attendees'],
      rows: d.days.map((x) => [x.day, x.registrations, x.cumulative, x.attendees]),
    },
  };
}

export function liveTables(
  l: LiveReportView,
): Record<'minutes' | 'drop_off' | 'top_questions' | 'polls' | 'offers', Table> {
  return {
    minutes: {
      columns: ['local_time', 'viewers', 'chat', 'questions', 'poll_answers', 'offer_clicks'],
      rows: l.minutes.map((m) => [
        m.local_time,
        m.viewers,
        m.chat,
        m.questions,
        m.poll_answers,
        m.offer_clicks,
      ]),
    },
    drop_off: {
      columns: ['minute', 'viewers', 'share'],
      rows: l.drop_off.map((p) => [p.minute, p.viewers, p.share]),
    },
    top_questions: {
      columns: ['question', 'asked_by', 'upvotes', 'status'],
      rows: l.top_questions.map((q) => [q.body, q.display_name, q.upvotes, q.status]),
    },
    polls: {
      columns: ['poll', 'option', 'votes', 'share', 'respondents'],
      rows: l.polls.flatMap((p) =>
        p.options.map((o) => [p.question, o.label, o.votes, o.share, p.respondents]),
      ),
    },
    offers: {
      columns: ['offer', 'clicks', 'forms', 'downloads', 'viewers'],
      rows: l.offers.map((o) => [o.title, o.clicks, o.forms, o.downloads, o.viewers]),
    },
  };
}

export function weeklyReviewTable(w: WeeklyReviewView): Table {
  return {
    columns: [
      'event',
      'starts_at',
      'registrations',
      'registrations_this_week',
      'attendees',
      'attendees_live',
      'attendees_replay',
      'attendees_this_week',
      'mqls',
      'mqls_this_week',
      'pipeline',
      'pipeline_this_week',
      'revenue',
      'revenue_this_week',
    ],
    rows: w.events.map((e) => [
      e.event.title,
      e.event.starts_at,
      e.registrations,
      e.registrations_this_week,
      e.attendees,
      e.attendees_live,
      e.attendees_replay,
      e.attendees_this_week,
      e.mqls,
      e.mqls_this_week,
      e.pipeline,
      e.pipeline_this_week,
      e.revenue,
      e.revenue_this_week,
    ]),
  };
}
