import { html } from 'htm/preact';
import type { DashboardView, LiveReportView } from '../../../src/analytics/schemas';
import { dashboardTables, liveTables, type Table } from '../../../src/analytics/tables';
import { ChartCard } from '../analytics/table-card';
import '../analytics/analytics.css';
import { api } from '../api';
import { formatDateTime, formatNumber, type MessageKey, t } from '../i18n';
import type { LcEvent } from '../types';
import { Pending, useLoad } from '../ui/load';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
const minutes = (seconds: number | null) =>
  seconds === null ? '—' : t('analytics.kpi.minutes', { minutes: Math.round(seconds / 6) / 10 });
const missingNote = (source: { available: boolean; missing?: string }) =>
  source.available ? [] : [t(`analytics.missing.${source.missing}` as MessageKey)];

/**
 * The event's analytics: the dashboard (funnel, channels, devices, days) and the live report
 * (curve, drop-off, activity, questions, polls, offers). Charts and tables read the same API;
 * "Print report" prints the key figures and tables on one page.
 */
export function AnalyticsTab(props: { event: LcEvent }) {
  const base = `/api/v1/events/${encodeURIComponent(props.event.id)}/analytics`;
  const dashboard = useLoad(() => api.get<DashboardView>(`${base}/dashboard`), [base]);
  const live = useLoad(() => api.get<LiveReportView>(`${base}/live`), [base]);
  if (!dashboard.data || !live.data) return html`<${Pending} error=${dashboard.error ?? live.error} />`;
  const d = dashboard.data;
  const l = live.data;
  const csv = (table: string) => `${base}.csv?table=${table}`;
  return html`<div class="analytics" data-testid="analytics">
    <div class="analytics-toolbar print-hide">
      <button type="button" class="btn" onClick=${() => window.print()}>${t('analytics.print')}</button>
    </div>
    <p class="print-only muted">${t('analytics.printedAt', { title: props.event.title, time: formatDateTime(new Date().toISOString()) })}</p>
    <${KeyFigures} d=${d} l=${l} />
    <h2>${t('analytics.dashboard')}</h2>
    <${DashboardCharts} d=${d} csv=${csv} />
    <h2>${t('analytics.live')}</h2>
    <${LiveCharts} l=${l} csv=${csv} />
  </div>`;
}

/** A count, or "—" when its facts are not available (never a 0 that reads like a fact). */
const count = (n: number | null) => (n === null ? '—' : formatNumber(n));

function KeyFigures(props: { d: DashboardView; l: LiveReportView }) {
  const { d, l } = props;
  const registrations = d.funnel.find((s) => s.step === 'registrations')?.count ?? 0;
  const figure = (label: MessageKey, value: string, sub?: string) =>
    html`<div class="kpi"><span class="kpi-label">${t(label)}</span><strong class="kpi-value">${value}</strong>${sub ? html`<span class="muted kpi-sub">${sub}</span>` : null}</div>`;
  return html`<div class="kpis" data-testid="analytics-kpis">
    ${figure('analytics.kpi.registrations', formatNumber(registrations))}
    ${figure('analytics.kpi.attendees', formatNumber(d.attendees.total), `${formatNumber(d.attendees.live)} / ${formatNumber(d.attendees.replay)}`)}
    ${figure('analytics.kpi.attendance_rate', percent(d.funnel.find((s) => s.step === 'attendees')?.rate ?? null))}
    ${figure('analytics.kpi.phone_share', percent(d.devices.attendees.phone_share))}
    ${figure(
      'analytics.kpi.mqls',
      count(d.funnel.find((s) => s.step === 'mqls')?.count ?? null),
      d.funnel.find((s) => s.step === 'opportunities')?.count != null
        ? t('analytics.kpi.opportunities', {
            count: formatNumber(d.funnel.find((s) => s.step === 'opportunities')!.count!),
          })
        : undefined,
    )}
    ${figure('analytics.kpi.won_amount', count(d.won_amount))}
    ${figure(
      'analytics.kpi.peak',
      l.peak ? formatNumber(l.peak.viewers) : '—',
      l.peak ? t('analytics.kpi.peak_at', { time: l.peak.local_time.slice(11) }) : undefined,
    )}
    ${figure('analytics.kpi.average_watch', minutes(l.watch.average_seconds))}
    ${figure('analytics.kpi.median_watch', minutes(l.watch.median_seconds))}
  </div>`;
}

function DashboardCharts(props: { d: DashboardView; csv: (table: string) => string }) {
  const { d, csv } = props;
  const tables = dashboardTables(d);
  const noRegistrations = t('analytics.empty.registrations');
  const channelName = (c: string | null) => c ?? t('analytics.direct');
  // Before the first registration the funnel and the device split would be all zeros: say so instead.
  const ifAny = (table: Table) => (d.funnel[1]?.count ? table : { ...table, rows: [] });
  return html`<div class="analytics-grid">
    <${ChartCard} name="funnel" title=${t('analytics.chart.funnel')} table=${ifAny(tables.funnel)} csvUrl=${csv('funnel')}
      empty=${noRegistrations}
      notes=${[...missingNote(d.sources.visits), ...missingNote(d.sources.leads)]}
      spec=${{
        horizontal: true,
        categories: d.funnel.map((s) => t(`analytics.step.${s.step}` as MessageKey)),
        series: [{ name: t('analytics.col.count'), kind: 'bar', data: d.funnel.map((s) => s.count) }],
      }} />
    <${ChartCard} name="channels" title=${t('analytics.chart.channels')} table=${tables.channels} csvUrl=${csv('channels')}
      empty=${noRegistrations}
      spec=${{
        categories: d.channels.map((c) => c.channel_name ?? channelName(c.channel)),
        series: [
          {
            name: t('analytics.col.registrations'),
            kind: 'bar',
            data: d.channels.map((c) => c.registrations),
          },
          { name: t('analytics.col.attendees'), kind: 'bar', data: d.channels.map((c) => c.attendees) },
        ],
      }} />
    <${ChartCard} name="devices" title=${t('analytics.chart.devices')}
      table=${ifAny(tables.devices)} csvUrl=${csv('devices')}
      empty=${noRegistrations}
      spec=${{
        horizontal: true,
        categories: [t('analytics.col.registrations'), t('analytics.col.attendees')],
        series: (['phone', 'desktop', 'unknown'] as const).map((k) => ({
          name: t(`analytics.col.${k}`),
          kind: 'bar' as const,
          stack: 'device',
          data: [d.devices.registrations[k], k === 'unknown' ? 0 : d.devices.attendees[k]],
        })),
      }} />
    <${ChartCard} name="days" title=${t('analytics.chart.days', { timeZone: d.event.timeZone })} table=${tables.days} csvUrl=${csv('days')}
      empty=${noRegistrations}
      spec=${{
        secondAxis: true,
        categories: d.days.map((x) => x.day.slice(5)),
        series: [
          { name: t('analytics.col.registrations'), kind: 'bar', data: d.days.map((x) => x.registrations) },
          { name: t('analytics.col.attendees'), kind: 'bar', data: d.days.map((x) => x.attendees) },
          {
            name: t('analytics.col.cumulative'),
            kind: 'line',
            axis: 1,
            data: d.days.map((x) => x.cumulative),
          },
        ],
      }} />
  </div>`;
}

function LiveCharts(props: { l: LiveReportView; csv: (table: string) => string }) {
  const { l, csv } = props;
  const tables = liveTables(l);
  const counted = l.window.source === 'concurrency' || l.minutes.some((m) => m.chat + m.questions > 0);
  const activity = (['chat', 'questions', 'poll_answers', 'offer_clicks'] as const).map((k) => ({
    name: t(`analytics.col.${k}`),
    kind: 'bar' as const,
    stack: 'activity',
    axis: 1 as const,
    data: l.minutes.map((m) => m[k]),
  }));
  return html`<div class="analytics-grid">
    <${ChartCard} name="minutes" title=${t('analytics.chart.minutes', { timeZone: l.event.timeZone })} screenOnly
      table=${counted ? tables.minutes : { ...tables.minutes, rows: [] }} csvUrl=${csv('minutes')}
      empty=${t('analytics.empty.live')}
      spec=${{
        secondAxis: true,
        categories: l.minutes.map((m) => m.local_time.slice(11)),
        series: [
          { name: t('analytics.col.viewers'), kind: 'line', data: l.minutes.map((m) => m.viewers) },
          ...activity,
        ],
      }} />
    <${ChartCard} name="drop_off" title=${t('analytics.chart.drop_off')} table=${tables.drop_off} csvUrl=${csv('drop_off')} screenOnly
      empty=${t('analytics.empty.viewers')}
      spec=${{
        percent: true,
        categories: l.drop_off.map((p) => String(p.minute)),
        series: [{ name: t('analytics.col.share'), kind: 'line', data: l.drop_off.map((p) => p.share) }],
      }} />
    <${ChartCard} name="top_questions" title=${t('analytics.chart.top_questions')} table=${tables.top_questions}
      csvUrl=${csv('top_questions')} empty=${t('analytics.empty.rows')} />
    <${ChartCard} name="polls" title=${t('analytics.chart.polls')} table=${tables.polls} csvUrl=${csv('polls')}
      empty=${t('analytics.empty.rows')} />
    <${ChartCard} name="offers" title=${t('analytics.chart.offers')} table=${tables.offers} csvUrl=${csv('offers')}
      empty=${t('analytics.empty.rows')} />
  </div>`;
}
