import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { formatNumber, t } from '../i18n';
import { href } from '../router';
import { useSession } from '../session';
import type { EventStatus, LcEvent } from '../types';
import { EventTime, StatusBadge } from '../ui/event-bits';
import { Pending, useDebounced, useLoad } from '../ui/load';

export const statuses: EventStatus[] = ['draft', 'scheduled', 'live', 'ended', 'on_demand'];

export function EventsPage() {
  const { can } = useSession();
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const events = useLoad(
    () => api.get<{ events: LcEvent[] }>(`/api/v1/events${query({ status, q })}`).then((r) => r.events),
    [status, q],
  );
  return html`<div class="page">
    <div class="page-head">
      <h1>${t('events.title')}</h1>
      ${can('events:write') ? html`<a class="btn btn-primary" href=${href('/events/new')}>${t('events.new')}</a>` : null}
    </div>
    <div class="toolbar">
      <input
        type="search"
        class="search"
        placeholder=${t('events.search')}
        aria-label=${t('events.search')}
        value=${search}
        onInput=${(e: Event) => setSearch((e.target as HTMLInputElement).value)}
      />
      <select aria-label=${t('events.statusFilter')} value=${status} onChange=${(e: Event) => setStatus((e.target as HTMLSelectElement).value)}>
        <option value="">${t('events.allStatuses')}</option>
        ${statuses.map((s) => html`<option value=${s}>${t(`status.${s}`)}</option>`)}
      </select>
    </div>
    ${events.data ? html`<${EventsTable} events=${events.data} />` : html`<${Pending} error=${events.error} />`}
  </div>`;
}

function EventsTable(props: { events: LcEvent[] }) {
  if (props.events.length === 0) return html`<div class="empty">${t('events.empty')}</div>`;
  return html`<div class="table-wrap">
    <table class="table events-table">
      <thead>
        <tr>
          <th>${t('field.title')}</th>
          <th>${t('field.status')}</th>
          <th>${t('field.startsAt')}</th>
          <th class="num">${t('events.registrations')}</th>
        </tr>
      </thead>
      <tbody>
        ${props.events.map(
          (e) => html`<tr>
            <td data-label=${t('field.title')}>
              <a class="strong" href=${href(`/events/${e.id}`)}>${e.title}</a>
              <div class="muted small">/e/${e.slug} · ${t(`format.${e.format}`)}</div>
            </td>
            <td data-label=${t('field.status')}><${StatusBadge} status=${e.status} /></td>
            <td data-label=${t('field.startsAt')}><${EventTime} event=${e} /></td>
            <td data-label=${t('events.registrations')} class="num">${formatNumber(e.registration_count)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
