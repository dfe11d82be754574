/**
 * The weekly review as an email: the week's totals against the week before and the events
 * that changed this week, from one `weeklyReview()` answer (no figures of its own). Counts
 * and amounts only — no contact's name or address. Pure.
 */
import { type Locale, translator } from '../../i18n/index.js';
import type { MailMessage } from '../../mail/mailer.js';
import { html } from '../../pages/html.js';
import type { WeeklyReviewView } from '../schemas.js';

type ReviewEvent = WeeklyReviewView['events'][number];

export interface WeeklyMailInput {
  user: { name: string; email: string; locale: Locale };
  review: WeeklyReviewView;
  /** The zone the week's bounds are shown in (the send schedule's). */
  timezone: string;
  baseUrl: string;
}

/** Events with anything new this week: registrations, viewers, MQLs, pipeline or revenue. */
export const changedThisWeek = (review: WeeklyReviewView): ReviewEvent[] =>
  review.events.filter(
    (e) =>
      e.registrations_this_week > 0 ||
      e.attendees_this_week > 0 ||
      (e.mqls_this_week ?? 0) > 0 ||
      (e.pipeline_this_week ?? 0) > 0 ||
      (e.revenue_this_week ?? 0) > 0,
  );

/** An event held before the previous week: what it brings now comes from its replay or its leads. */
const isEarlier = (e: ReviewEvent, review: WeeklyReviewView) => e.event.starts_at < review.week.previous_from;

export function weeklyMail(input: WeeklyMailInput): MailMessage {
  const { user, review } = input;
  const tr = translator(user.locale);
  const number = new Intl.NumberFormat(user.locale);
  // A lead figure the source could not give is "not available", never 0.
  const figure = (value: number | null) =>
    value === null ? tr('analytics.weekly.na') : number.format(value);
  const when = (iso: string, timeZone: string, time = true) =>
    new Intl.DateTimeFormat(user.locale, {
      dateStyle: 'medium',
      ...(time ? { timeStyle: 'short' } : {}),
      timeZone,
    }).format(new Date(iso));
  const link = `${input.baseUrl}/admin/#/review`;
  const { totals } = review;
  const changed = changedThisWeek(review).map((e) => ({
    title: e.event.title,
    note: isEarlier(e, review)
      ? tr(
          (e.pipeline_this_week ?? 0) + (e.revenue_this_week ?? 0) > 0
            ? 'analytics.weekly.replay'
            : 'analytics.weekly.earlier',
          { date: when(e.event.starts_at, e.event.timeZone, false) },
        )
      : null,
    cells: {
      registrations: figure(e.registrations_this_week),
      attendees: figure(e.attendees_this_week),
      mqls: figure(e.mqls_this_week),
      pipeline: figure(e.pipeline_this_week),
      revenue: figure(e.revenue_this_week),
    },
  }));
  const columns = ['registrations', 'attendees', 'mqls', 'pipeline', 'revenue'] as const;
  const intro = tr('analytics.weekly.intro', {
    from: when(review.week.from, input.timezone),
    to: when(review.week.to, input.timezone),
  });
  const totalLines = [
    tr('analytics.weekly.registrations', {
      now: number.format(totals.registrations_this_week),
      before: number.format(totals.registrations_previous_week),
    }),
    tr('analytics.weekly.attendees', {
      now: number.format(totals.attendees_this_week),
      before: number.format(totals.attendees_previous_week),
    }),
  ];
  const leads = review.sources.leads;
  const missing = leads.available ? null : tr(`analytics.weekly.missing.${leads.missing}`);

  const text = [
    tr('analytics.weekly.greeting', { name: user.name }),
    intro,
    '',
    tr('analytics.weekly.totals'),
    ...totalLines.map((l) => `- ${l}`),
    '',
    tr('analytics.weekly.changed'),
    ...(changed.length
      ? changed.flatMap((c) => [
          `- ${c.title}: ${tr('analytics.weekly.figures', c.cells)}`,
          ...(c.note ? [`  ${c.note}`] : []),
        ])
      : [tr('analytics.weekly.unchanged')]),
    ...(missing ? ['', missing] : []),
    '',
    tr('analytics.weekly.open.line', { url: link }),
    '',
    tr('analytics.weekly.footer'),
  ].join('\n');

  const cell = 'padding:6px 8px;border-bottom:1px solid #e3e6ee;text-align:right;white-space:nowrap';
  const head = `${cell};font-size:12px;color:#5b6475;font-weight:600`;
  const table = html`<table role="presentation" style="border-collapse:collapse;width:100%;font-size:14px">
<tr><th style="${head};text-align:left">${tr('analytics.weekly.col.event')}</th>${columns.map((c) => html`<th style="${head}">${tr(`analytics.weekly.col.${c}`)}</th>`)}</tr>
${changed.map(
  (c) =>
    html`<tr><td style="${cell};text-align:left;white-space:normal">${c.title}${c.note ? html`<br><span style="font-size:12px;color:#5b6475">${c.note}</span>` : null}</td>${columns.map((k) => html`<td style="${cell}">${c.cells[k]}</td>`)}</tr>`,
)}
</table>`;
  const body = html`<div style="font-family:system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;max-width:640px;margin:0 auto;color:#1b1f2a;line-height:1.55">
<p>${tr('analytics.weekly.greeting', { name: user.name })}<br>${intro}</p>
<h3 style="margin:18px 0 6px;font-size:16px">${tr('analytics.weekly.totals')}</h3>
<ul style="padding-left:20px;margin:0">${totalLines.map((l) => html`<li>${l}</li>`)}</ul>
<h3 style="margin:18px 0 6px;font-size:16px">${tr('analytics.weekly.changed')}</h3>
${changed.length ? table : html`<p>${tr('analytics.weekly.unchanged')}</p>`}
${missing ? html`<p style="font-size:13px;color:#5b6475">${missing}</p>` : null}
<p><a href="${link}" style="display:inline-block;background:#2756d8;color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none;font-weight:600">${tr('analytics.weekly.open')}</a></p>
<p style="font-size:12px;color:#5b6475">${tr('analytics.weekly.footer')}</p>
</div>`;
  return {
    to: user.email,
    subject: tr('analytics.weekly.subject', {
      registrations: number.format(totals.registrations_this_week),
      attendees: number.format(totals.attendees_this_week),
    }),
    text,
    html: body.value,
    attachments: [],
  };
}
