import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { formatDateTime, t } from '../i18n';
import { Pending, useDebounced, useLoad } from '../ui/load';
import { Pager } from '../ui/pager';
import { keyLabel, plural } from './labels';
import { type Campaign, type Delivery, type DeliveryStatus, deliveryStatuses, steps } from './types';

const PAGE_SIZE = 50;

interface Page {
  deliveries: Delivery[];
  total: number;
}

/** Emails waiting for a retry because the relay did not take them (it answered 4xx or not at all). */
const isRetrying = (d: Delivery) => d.status === 'scheduled' && d.attempts > 0 && d.last_error !== null;

/** The event's delivery log, per step or campaign and per recipient, with the relay's answers. */
export function DeliveryLog(props: { eventId: string; initialKey?: string }) {
  const [key, setKey] = useState(props.initialKey ?? '');
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const q = useDebounced(search.trim());
  const base = `/api/v1/events/${props.eventId}/email`;
  const campaigns = useLoad(
    () => api.get<{ campaigns: Campaign[] }>(`${base}/campaigns`).then((r) => r.campaigns),
    [base],
  );
  const result = useLoad(
    () => api.get<Page>(`${base}/deliveries${query({ step: key, status, q, page, page_size: PAGE_SIZE })}`),
    [base, key, status, q, page],
  );
  const filter = (apply: () => void) => {
    apply();
    setPage(1);
  };
  const known = campaigns.data ?? [];
  const data = result.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return html`<section class="card">
    <h2>${t('email.section.log')}</h2>
    <div class="toolbar">
      <label class="email-filter">${t('email.log.step')}
        <select value=${key} onChange=${(e: Event) => filter(() => setKey((e.target as HTMLSelectElement).value))}>
          <option value="">${t('email.log.all')}</option>
          ${steps.map((s) => html`<option value=${s}>${keyLabel(s)}</option>`)}
          ${known.map((c) => html`<option value=${c.template_key}>${keyLabel(c.template_key, known)}</option>`)}
        </select>
      </label>
      <label class="email-filter">${t('email.log.status')}
        <select value=${status} onChange=${(e: Event) => filter(() => setStatus((e.target as HTMLSelectElement).value as DeliveryStatus | ''))}>
          <option value="">${t('email.log.all')}</option>
          ${deliveryStatuses.map((s) => html`<option value=${s}>${t(`email.status.${s}`)}</option>`)}
        </select>
      </label>
      <input class="search" type="search" value=${search} placeholder=${t('email.log.search')} aria-label=${t('email.log.search')}
        onInput=${(e: Event) => filter(() => setSearch((e.target as HTMLInputElement).value))} />
      ${data ? html`<span class="muted total">${plural('email.log.total', data.total)}</span>` : null}
    </div>
    ${
      !data
        ? html`<${Pending} error=${result.error} />`
        : data.deliveries.length === 0
          ? html`<p class="empty">${t('email.log.empty')}</p>`
          : html`<div class="table-wrap">
              <table class="table email-log">
                <thead><tr>
                  <th>${t('email.log.to')}</th><th>${t('email.log.step')}</th><th>${t('email.log.status')}</th>
                  <th>${t('email.log.answer')}</th><th>${t('email.log.attempts')}</th><th>${t('email.log.updated')}</th>
                </tr></thead>
                <tbody>
                  ${data.deliveries.map(
                    (d) => html`<tr>
                      <td data-label=${t('email.log.to')} class="strong">${d.to_address}</td>
                      <td data-label=${t('email.log.step')}>${keyLabel(d.step, known)}</td>
                      <td data-label=${t('email.log.status')}>
                        ${
                          isRetrying(d)
                            ? html`<span class="badge email-status-retrying">${t('email.log.retrying')}</span>`
                            : html`<span class=${`badge email-status-${d.status}`}>${t(`email.status.${d.status}`)}</span>`
                        }
                      </td>
                      <td data-label=${t('email.log.answer')} class="email-answer">${d.last_error ?? ''}</td>
                      <td data-label=${t('email.log.attempts')}>${d.attempts}</td>
                      <td data-label=${t('email.log.updated')}>${formatDateTime(d.sent_at ?? d.updated_at)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            <${Pager} page=${page} pages=${pages} onPage=${setPage} />`
    }
  </section>`;
}
