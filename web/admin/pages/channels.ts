import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { z } from 'zod';
import type { ChannelView } from '../../../src/promotion/channels/schemas';
import type { channelReportResponse } from '../../../src/promotion/report/schemas';
import { CHANNEL_KINDS } from '../../../src/promotion/tables';
import { api } from '../api';
import { formatNumber, type MessageKey, t } from '../i18n';
import { useSession } from '../session';
import type { LcEvent } from '../types';
import { confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { Banner, SelectField, TextArea, TextField, useForm } from '../ui/form';
import { Pending, useLoad } from '../ui/load';

type Report = z.output<typeof channelReportResponse>;
type ReportRow = Report['rows'][number];
type Owner = { id: string; name: string };
type Editing = { kind: 'new' } | { kind: 'edit'; channel: ChannelView } | undefined;

const kindLabel = (kind: string) => t(`channels.kind.${kind}` as MessageKey);
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
const money = (amount: number | null, currency: string | null) =>
  amount === null
    ? '—'
    : currency
      ? new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount)
      : formatNumber(amount);

/** Copies `text` in one click (falls back to a prompt where the clipboard is not allowed). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    window.prompt(t('channels.link'), text);
    return false;
  }
}

/** The event's promotion channels: list, add, edit, archive, copy link, QR codes, and the channel report. */
export function ChannelsTab(props: { event: LcEvent }) {
  const { can } = useSession();
  const canWrite = can('channels:write');
  const base = `/api/v1/events/${encodeURIComponent(props.event.id)}/channels`;
  const channels = useLoad(() => api.get<{ channels: ChannelView[] }>(base), [base]);
  const report = useLoad(() => api.get<Report>(`${base}/report`), [base]);
  const owners = useLoad(() => api.get<{ owners: Owner[] }>('/api/v1/promotion/owners'), []);
  const [editing, setEditing] = useState<Editing>();
  const [banner, setBanner] = useState<{ message: string; kind: 'error' | 'success' }>();
  const reload = async () => {
    await Promise.all([channels.reload(), report.reload()]);
  };
  const act = async (action: () => Promise<unknown>) => {
    setBanner(undefined);
    try {
      await action();
      await reload();
    } catch (err) {
      setBanner({ message: describeError(err).message, kind: 'error' });
    }
  };
  const archive = async (c: ChannelView) => {
    const keep = await confirmAction(t('channels.archiveAsk', { name: c.name }), {
      confirmLabel: t('channels.archiveKeep'),
    });
    const stop = keep
      ? false
      : await confirmAction(t('channels.archiveAsk', { name: c.name }), {
          confirmLabel: t('channels.archiveStop'),
          danger: true,
        });
    if (!keep && !stop) return;
    await act(() => api.post(`${base}/${c.id}/archive`, { keeps_attributing: keep }));
  };
  const copy = async (c: ChannelView) => {
    if (await copyText(c.link)) setBanner({ message: t('channels.linkCopied'), kind: 'success' });
  };
  const done = async () => {
    setEditing(undefined);
    await reload();
  };
  if (!channels.data) return html`<${Pending} error=${channels.error} />`;
  const list = channels.data.channels;
  const ownerList = owners.data?.owners ?? [];
  return html`<div class="tab-body" data-testid="channels">
    <${Banner} message=${banner?.message} kind=${banner?.kind} />
    <div class="section-head">
      <h2>${t('channels.title')}</h2>
      ${canWrite && !editing ? html`<button type="button" class="btn btn-primary" onClick=${() => setEditing({ kind: 'new' })}>${t('channels.add')}</button>` : null}
    </div>
    <p class="muted">${t('channels.intro')}</p>
    ${editing?.kind === 'new' ? html`<${ChannelForm} base=${base} owners=${ownerList} onDone=${done} onCancel=${() => setEditing(undefined)} />` : null}
    ${list.length === 0 && !editing ? html`<div class="empty">${t('channels.empty')}</div>` : null}
    ${
      list.length > 0
        ? html`<div class="table-wrap">
            <table class="table channels-table">
              <thead>
                <tr>
                  <th>${t('channels.name')}</th>
                  <th>${t('channels.kind')}</th>
                  <th>${t('channels.owner')}</th>
                  <th>${t('channels.link')}</th>
                  <th>${t('channels.cost')}</th>
                  <th>${t('channels.status')}</th>
                  <th><span class="visually-hidden">${t('common.edit')}</span></th>
                </tr>
              </thead>
              <tbody>
                ${list.map((c) =>
                  editing?.kind === 'edit' && editing.channel.id === c.id
                    ? html`<tr key=${c.id}><td colspan="7"><${ChannelForm} base=${base} owners=${ownerList} channel=${c} onDone=${done} onCancel=${() => setEditing(undefined)} /></td></tr>`
                    : html`<tr key=${c.id} class=${c.status === 'archived' ? 'revoked' : ''}>
                        <td data-label=${t('channels.name')} class="strong">${c.name}${c.notes ? html`<div class="muted">${c.notes}</div>` : null}</td>
                        <td data-label=${t('channels.kind')}>${kindLabel(c.kind)}</td>
                        <td data-label=${t('channels.owner')}>${c.owner_name ?? '—'}</td>
                        <td data-label=${t('channels.link')}>
                          <code class="channel-link">${c.link}</code>
                          <div class="row-actions">
                            <button type="button" class="btn btn-small" onClick=${() => copy(c)}>${t('channels.copyLink')}</button>
                            <a class="btn btn-small" href=${`${base}/${c.id}/qr.svg`} download>${t('channels.qrSvg')}</a>
                            <a class="btn btn-small" href=${`${base}/${c.id}/qr.png`} download>${t('channels.qrPng')}</a>
                          </div>
                        </td>
                        <td data-label=${t('channels.cost')}>${money(c.cost, c.currency)}</td>
                        <td data-label=${t('channels.status')}>
                          ${t(`channels.status.${c.status}`)}
                          ${c.status === 'archived' ? html`<div class="muted">${c.attributing ? t('channels.stillCredits') : t('channels.stopped')}</div>` : null}
                        </td>
                        <td>
                          ${
                            canWrite
                              ? html`<div class="row-actions">
                                  <button type="button" class="btn btn-small" onClick=${() => setEditing({ kind: 'edit', channel: c })}>${t('common.edit')}</button>
                                  ${
                                    c.status === 'active'
                                      ? html`<button type="button" class="btn btn-small" onClick=${() => archive(c)}>${t('channels.archive')}</button>`
                                      : html`<button type="button" class="btn btn-small" onClick=${() => act(() => api.post(`${base}/${c.id}/restore`))}>${t('channels.restore')}</button>`
                                  }
                                </div>`
                              : null
                          }
                        </td>
                      </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : null
    }
    <div class="section-head">
      <h2>${t('channels.report')}</h2>
      <a class="btn" href=${`${base}/report.csv`} download>${t('channels.reportCsv')}</a>
    </div>
    ${report.data ? html`<${ReportTable} report=${report.data} />` : html`<${Pending} error=${report.error} />`}
    <p class="muted">${t('channels.reportNote')}</p>
  </div>`;
}

function ReportTable(props: { report: Report }) {
  const rows = [...props.report.rows, props.report.totals];
  const name = (r: ReportRow, isTotal: boolean) =>
    isTotal ? t('channels.totals') : (r.name ?? t('channels.direct'));
  const cols: [MessageKey, (r: ReportRow) => string][] = [
    ['channels.col.views', (r) => formatNumber(r.views)],
    ['channels.col.uniques', (r) => formatNumber(r.unique_visitors)],
    ['channels.col.registrations', (r) => formatNumber(r.registrations)],
    ['channels.col.rate', (r) => percent(r.registration_rate)],
    ['channels.col.attendees', (r) => formatNumber(r.attendees)],
    ['channels.col.live', (r) => formatNumber(r.attendees_live)],
    ['channels.col.replay', (r) => formatNumber(r.attendees_replay)],
    ['channels.col.leads', (r) => formatNumber(r.leads)],
    ['channels.col.mqls', (r) => formatNumber(r.mqls)],
    ['channels.col.opportunities', (r) => formatNumber(r.opportunities)],
    ['channels.col.revenue', (r) => formatNumber(r.revenue)],
    ['channels.cost', (r) => money(r.cost, r.currency)],
    ['channels.col.costPerRegistration', (r) => money(r.cost_per_registration, r.currency)],
    ['channels.col.costPerAttendee', (r) => money(r.cost_per_attendee, r.currency)],
    ['channels.col.costPerLead', (r) => money(r.cost_per_lead, r.currency)],
    ['channels.col.costPerMql', (r) => money(r.cost_per_mql, r.currency)],
  ];
  return html`<div class="table-wrap">
    <table class="table channel-report" data-testid="channel-report">
      <thead>
        <tr>
          <th>${t('channels.name')}</th>
          ${cols.map(([label]) => html`<th>${t(label)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map((r, i) => {
          const isTotal = i === rows.length - 1;
          return html`<tr class=${isTotal ? 'strong' : ''}>
            <td data-label=${t('channels.name')} class="strong">${name(r, isTotal)}</td>
            ${cols.map(([label, value]) => html`<td data-label=${t(label)}>${value(r)}</td>`)}
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

interface ChannelValues {
  kind: string;
  name: string;
  owner_id: string;
  cost: string;
  currency: string;
  notes: string;
}

function ChannelForm(props: {
  base: string;
  owners: Owner[];
  channel?: ChannelView;
  onDone: () => Promise<void>;
  onCancel: () => void;
}) {
  const c = props.channel;
  const form = useForm<ChannelValues>({
    kind: c?.kind ?? 'website',
    name: c?.name ?? '',
    owner_id: c?.owner_id ?? '',
    cost: c?.cost == null ? '' : String(c.cost),
    currency: c?.currency ?? '',
    notes: c?.notes ?? '',
  });
  const save = form.submit(async (v) => {
    const body = {
      kind: v.kind,
      name: v.name,
      owner_id: v.owner_id || null,
      cost: v.cost.trim() === '' ? null : Number(v.cost),
      currency: v.currency.trim() === '' ? null : v.currency.trim(),
      notes: v.notes,
    };
    if (c) await api.patch(`${props.base}/${c.id}`, body);
    else await api.post(props.base, body);
    await props.onDone();
  });
  return html`<form class="card form" onSubmit=${save} novalidate>
    <${Banner} message=${form.banner} />
    <${TextField} form=${form} name="name" label=${t('channels.name')} required />
    <${SelectField} form=${form} name="kind" label=${t('channels.kind')} options=${CHANNEL_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} />
    <${SelectField}
      form=${form}
      name="owner_id"
      label=${t('channels.owner')}
      options=${[{ value: '', label: t('channels.noOwner') }, ...props.owners.map((o) => ({ value: o.id, label: o.name }))]}
    />
    <div class="field-row">
      <${TextField} form=${form} name="cost" type="number" label=${t('channels.cost')} />
      <${TextField} form=${form} name="currency" label=${t('channels.currency')} hint=${t('channels.currencyHint')} />
    </div>
    <${TextArea} form=${form} name="notes" label=${t('channels.notes')} />
    <div class="form-actions">
      <button type="submit" class="btn btn-primary" disabled=${form.busy}>${t('common.save')}</button>
      <button type="button" class="btn" onClick=${props.onCancel}>${t('common.cancel')}</button>
    </div>
  </form>`;
}

/** The registrations list's source filter: a channel of the event, or none. */
export function SourceFilter(props: { eventId: string; value: string; onChange: (value: string) => void }) {
  const { can } = useSession();
  const channels = useLoad(
    () =>
      can('channels:read')
        ? api.get<{ channels: ChannelView[] }>(`/api/v1/events/${encodeURIComponent(props.eventId)}/channels`)
        : Promise.resolve({ channels: [] as ChannelView[] }),
    [props.eventId],
  );
  const list = channels.data?.channels ?? [];
  if (list.length === 0) return null;
  return html`<select
    class="source-filter"
    aria-label=${t('registrations.source')}
    data-testid="source-filter"
    value=${props.value}
    onChange=${(e: Event) => props.onChange((e.target as HTMLSelectElement).value)}
  >
    <option value="">${t('registrations.allSources')}</option>
    ${list.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
    <option value="none">${t('channels.direct')}</option>
  </select>`;
}
