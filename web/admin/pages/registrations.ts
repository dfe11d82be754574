import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { formatDateTime, type MessageKey, t, tCount } from '../i18n';
import { useSession } from '../session';
import type { LcEvent, Registration } from '../types';
import { confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { Banner } from '../ui/form';
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

const columns: {
  key: SortKey | 'phone' | 'job_title' | 'source' | 'status';
  label: MessageKey;
  sortable: boolean;
}[] = [
  { key: 'name', label: 'field.name', sortable: true },
  { key: 'email', label: 'field.email', sortable: true },
  { key: 'phone', label: 'field.phone', sortable: false },
  { key: 'company', label: 'field.company', sortable: true },
  { key: 'job_title', label: 'field.jobTitle', sortable: false },
  { key: 'source', label: 'console.registrations.source', sortable: false },
  { key: 'status', label: 'console.registrations.status', sortable: false },
  { key: 'created_at', label: 'registrations.registeredAt', sortable: true },
];

const UTM_SHOWN = ['utm_source', 'utm_medium', 'utm_campaign'] as const;

/** Where the person came from: the tracked channel, a registrant's invitation, or directly; and the link's UTM tags. */
function Source(props: { r: Registration }) {
  const { r } = props;
  const origin =
    r.channel_name ??
    r.channel ??
    (r.referred_by ? t('console.registrations.referral') : t('console.registrations.direct'));
  const tags = UTM_SHOWN.map((k) => r.utm?.[k]).filter(Boolean);
  // A channel is shown by its name; an id without a channel of this event stays visible as code.
  return html`<span class="source">${r.channel && !r.channel_name ? html`<code>${origin}</code>` : origin}</span>${
    tags.length ? html`<span class="utm muted small">${tags.join(' · ')}</span>` : null
  }`;
}

/** The event's registrations: search, sort by column, 25 a page, source and status, revoke, CSV export. */
export function RegistrationsTab(props: { event: LcEvent }) {
  const { can } = useSession();
  const canWrite = can('registrations:write');
  const [notice, setNotice] = useState<{ message: string; kind: 'error' | 'success' }>();
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
  /** Revokes (after confirming) or restores one registration; a revoked join link stops working. */
  async function setStatus(r: Registration, status: Registration['status']) {
    if (status === 'revoked') {
      const question = t('console.registrations.confirmRevoke', { name: r.name });
      const label = t('console.registrations.revoke');
      if (!(await confirmAction(question, { danger: true, confirmLabel: label }))) return;
    }
    try {
      await api.patch(`${base}/${encodeURIComponent(r.id)}`, { status });
      await result.reload();
      const done = status === 'revoked' ? 'console.registrations.revoked' : 'console.registrations.restored';
      setNotice({ message: t(done, { name: r.name }), kind: 'success' });
    } catch (err) {
      setNotice({ message: describeError(err).message, kind: 'error' });
    }
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
      <span class="muted total" role="status">${data ? tCount({ one: 'console.registrations.total.one', other: 'console.registrations.total.other' }, data.total) : ''}</span>
      <a class="btn" href=${`${base}.csv`} download>${t('registrations.export')}</a>
    </div>
    <${Banner} message=${notice?.message} kind=${notice?.kind} />
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
                    ${canWrite ? html`<th><span class="visually-hidden">${t('console.actions')}</span></th>` : null}
                  </tr>
                </thead>
                <tbody>
                  ${data.registrations.map(
                    (r) => html`<tr class=${r.status === 'revoked' ? 'revoked' : ''}>
                      <td data-label=${t('field.name')} class="strong">${r.name}</td>
                      <td data-label=${t('field.email')} class="wide-cell">${breakableEmail(r.email)}</td>
                      <td data-label=${t('field.phone')} class="nowrap-cell">${r.phone ?? ''}</td>
                      <td data-label=${t('field.company')}>${r.company ?? ''}</td>
                      <td data-label=${t('field.jobTitle')}>${r.job_title ?? ''}</td>
                      <td data-label=${t('console.registrations.source')}><${Source} r=${r} /></td>
                      <td data-label=${t('console.registrations.status')}>
                        <span class=${`badge registration-${r.status}`}>${t(`console.registrations.status.${r.status}`)}</span>
                      </td>
                      <td data-label=${t('registrations.registeredAt')}>${formatDateTime(r.created_at)}</td>
                      ${
                        canWrite
                          ? html`<td class="actions-cell">${
                              r.status === 'active'
                                ? html`<button type="button" class="btn btn-ghost" aria-label=${t('console.registrations.revokeLabel', { name: r.name })} onClick=${() => setStatus(r, 'revoked')}>${t('console.registrations.revoke')}</button>`
                                : html`<button type="button" class="btn btn-ghost" aria-label=${t('console.registrations.restoreLabel', { name: r.name })} onClick=${() => setStatus(r, 'active')}>${t('console.registrations.restore')}</button>`
                            }</td>`
                          : null
                      }
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            <${Pager} page=${data.page} pages=${pages} onPage=${setPage} />`
    }
  </div>`;
}

/**
 * An address that may wrap on a narrow card: line-break opportunities before the "@" and
 * each "." (as in a postal address), so a long address breaks between its parts rather than
 * mid-word; overflow-wrap:anywhere in the stylesheet is only the last resort.
 */
function breakableEmail(email: string) {
  return email.split(/(?=[@.])/).map((part, i) => (i === 0 ? part : html`<wbr />${part}`));
}
