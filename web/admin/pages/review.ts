import { html } from 'htm/preact';
import type { WeeklyReviewView } from '../../../src/analytics/schemas';
import { weeklyReviewTable } from '../../../src/analytics/tables';
import { ChartCard } from '../analytics/table-card';
import '../analytics/analytics.css';
import { api } from '../api';
import { formatDateTime, formatNumber, type MessageKey, t } from '../i18n';
import { Pending, useLoad } from '../ui/load';
import { WeeklyEmailToggle } from './weekly-email';

const URL = '/api/v1/analytics/weekly-review';

/**
 * The weekly review meeting's page: every published event with what it brought to date and
 * this week, and this week against the last. Lead columns stay empty until the leads module lands.
 */
export function WeeklyReviewPage() {
  const review = useLoad(() => api.get<WeeklyReviewView>(URL), []);
  if (!review.data) return html`<div class="page"><${Pending} error=${review.error} /></div>`;
  const w = review.data;
  const total = (label: MessageKey, now: number, before: number) =>
    html`<div class="kpi"><span class="kpi-label">${t(label)}</span><strong class="kpi-value">${formatNumber(now)}</strong>
      <span class="muted kpi-sub">${t('analytics.review.previous', { count: formatNumber(before) })}</span></div>`;
  const table = weeklyReviewTable(w);
  return html`<div class="page analytics" data-testid="weekly-review">
    <div class="page-head"><h1>${t('analytics.review.title')}</h1></div>
    <p class="muted">${t('analytics.review.lead')}</p>
    <${WeeklyEmailToggle} />
    <p>${t('analytics.review.week', { from: formatDateTime(w.week.from), to: formatDateTime(w.week.to) })}</p>
    <div class="review-totals">
      ${total('analytics.review.registrations', w.totals.registrations_this_week, w.totals.registrations_previous_week)}
      ${total('analytics.review.attendees', w.totals.attendees_this_week, w.totals.attendees_previous_week)}
    </div>
    <${ChartCard} level=${2} name="weekly_review" title=${t('analytics.review.title')} csvUrl=${`${URL}.csv`}
      table=${table} rowLink=${(i: number) => `#/events/${w.events[i]?.event.id}/analytics`}
      empty=${t('analytics.review.empty')}
      notes=${w.sources.leads.available ? [] : [t(`analytics.missing.${w.sources.leads.missing}` as MessageKey)]} />
  </div>`;
}
