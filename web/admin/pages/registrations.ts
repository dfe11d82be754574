import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { formatDateTime, formatNumber, type MessageKey, t } from '../i18n';
import type { LcEvent, Registration } from '../types';
import { Pending, useDebounced, useLoad } from '../ui/load';
import { Pager } from '../ui/pager';
import { SourceFilter } from './channels';

const PAGE_SIZE = 25;
type SortKey = 'created_at' | 'name' | 'email' | 'company';

interface Page {
  registrations: Registration[];
  total: number;
  page: number;
  page_size: number;
}

const columns: { key: SortKey | 'phone' | 'job_title'; label: MessageKey; sortable: boolean }[] = [
  { key: 'name', label: 'field.name', sortable: true },
  { key: 'email', label: 'field.email', sortable: true },
  { key: 'phone', label: 'field.phone', sortable: false },
  { key: 'company', label: 'field.company', sortable: true },
  { key: 'job_title', label: 'field.jobTitle', sortable: false },
  { key: 'created_at', label: 'registrations.registeredAt', sortable: true },
];

/** The event's registrations: search, sort by column, 25 a page, CSV export. */
export function RegistrationsTab(props: { event: LcEvent }) {
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; order: 'asc' | 'desc' }>({
    key: 'created_at',
    order: 'desc',
  });
  const [page, setPage] = useState(1);
  const [source, setSource] = useState('');
  const q = useDebounced(search.trim());
  const base = `/api/v1/events/${props.event.id}/registrations`;
  const result = useLoad(
    () =>
      api.get<Page>(
        `${base}${query({ q, channel: source, sort: sort.key, order: sort.order, page, page_size: PAGE_SIZE })}`,
      ),
    [q, source, sort.key, sort.order, page],
  );
  function sortBy(key: SortKey) {
    setSort((s) => ({ key, order: s.key === key && s.order === 'asc' ? 'desc' : 'asc' }));
    setPage(1);
  }
  const data = result.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return html`<div class="tab-body">
    <div class="toolbar">
      <input
        type="search"
        class="search"
        placeholder=${t('registrations.search')}
        aria-label=${t('registrations.search')}
        value=${search}
        onInput=${(e: Event) => {
          setSearch((e.target as HTMLInputElement).value);
          setPage(1);
        }}
      />
      <select
        class="sort-select"
        aria-label=${t('registrations.sortBy')}
        value=${`${sort.key}:${sort.order}`}
        onChange=${(e: Event) => {
          const [key, order] = (e.target as HTMLSelectElement).value.split(':') as [SortKey, 'asc' | 'desc'];
          setSort({ key, order });
          setPage(1);
        }}
      >
        ${columns
          .filter((c) => c.sortable)
          .flatMap((c) =>
            (['asc', 'desc'] as const).map(
              (order) =>
                html`<option value=${`${c.key}:${order}`}>${t(c.label)} ${order === 'asc' ? '↑' : '↓'}</option>`,
            ),
          )}
      </select>
      <${SourceFilter}
        eventId=${props.event.id}
        value=${source}
        onChange=${(value: string) => {
          setSource(value);
          setPage(1);
        }}
      />
      <span class="muted total">${data ? t('registrations.total', { count: formatNumber(data.total) }) : ''}</span>
      <a class="btn" href=${`${base}.csv`} download>${t('registrations.export')}</a>
    </div>
    ${
      !data
        ? html`<${Pending} error=${result.error} />`
        : data.total === 0
          ? html`<div class="empty">${q ? t('registrations.noMatch') : t('registrations.empty')}</div>`
          : html`<div class="table-wrap">
              <table class="table registrations-table">
                <thead>
                  <tr>
                    ${columns.map((c) =>
                      c.sortable
                        ? html`<th aria-sort=${sort.key === c.key ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
                            <button type="button" class="sort" onClick=${() => sortBy(c.key as SortKey)}>
                              ${t(c.label)}<span aria-hidden="true">${sort.key === c.key ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                            </button>
                          </th>`
                        : html`<th>${t(c.label)}</th>`,
                    )}
                  </tr>
                </thead>
                <tbody>
                  ${data.registrations.map(
                    (r) => html`<tr class=${r.status === 'revoked' ? 'revoked' : ''}>
                      <td data-label=${t('field.name')} class="strong">${r.name}</td>
                      <td data-label=${t('field.email')}>${r.email}</td>
                      <td data-label=${t('field.phone')}>${r.phone ?? ''}</td>
                      <td data-label=${t('field.company')}>${r.company ?? ''}</td>
                      <td data-label=${t('field.jobTitle')}>${r.job_title ?? ''}</td>
                      <td data-label=${t('registrations.registeredAt')}>${formatDateTime(r.created_at)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            <${Pager} page=${data.page} pages=${pages} onPage=${setPage} />`
    }
  </div>`;
}
