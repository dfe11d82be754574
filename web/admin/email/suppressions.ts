import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { formatDateTime, t } from '../i18n';
import { useSession } from '../session';
import { confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { Banner, TextField, useForm } from '../ui/form';
import { Pending, useLoad } from '../ui/load';
import { Pager } from '../ui/pager';
import type { SuppressedAddress } from './types';
import './email.css';

const PAGE_SIZE = 50;

/**
 * The organisation's suppression list: addresses no plan or campaign email goes to (hard
 * bounces and complaints the relay reported, and the team's own entries), with add and remove.
 */
export function SuppressionsPage() {
  const { can } = useSession();
  const [page, setPage] = useState(1);
  const [banner, setBanner] = useState<{ message: string; kind: 'error' | 'success' }>();
  const list = useLoad(
    () =>
      api.get<{ suppressions: SuppressedAddress[]; total: number }>(
        `/api/v1/mail/suppressions${query({ page, page_size: PAGE_SIZE })}`,
      ),
    [page],
  );
  const form = useForm({ email: '', note: '' });
  const add = form.submit(async (values) => {
    await api.post('/api/v1/mail/suppressions', values);
    form.reset({ email: '', note: '' });
    setBanner({ message: t('suppressions.added'), kind: 'success' });
    await list.reload();
  });
  async function remove(email: string) {
    if (!(await confirmAction(t('suppressions.confirmRemove', { email }), { danger: true }))) return;
    try {
      await api.delete(`/api/v1/mail/suppressions/${encodeURIComponent(email)}`);
      setBanner(undefined);
    } catch (err) {
      setBanner({ message: describeError(err).message, kind: 'error' });
    }
    await list.reload();
  }
  if (!can('mail:read')) return html`<div class="page"><${Banner} message=${t('error.FORBIDDEN')} /></div>`;
  const canWrite = can('mail:write');
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return html`<div class="page">
    <div class="page-head"><h1>${t('suppressions.title')}</h1></div>
    <p class="field-hint">${t('suppressions.intro')}</p>
    <p class="field-hint">${t('suppressions.bounces', { url: `${location.origin}/api/v1/public/mail/bounces` })}</p>
    <${Banner} message=${banner?.message} kind=${banner?.kind} />
    ${
      canWrite
        ? html`<form class="card inline-form email-suppress" onSubmit=${add}>
            <${Banner} message=${form.banner} />
            <${TextField} form=${form} name="email" type="email" label=${t('suppressions.email')} required=${true} autocomplete="off" />
            <${TextField} form=${form} name="note" label=${t('suppressions.note')} />
            <button type="submit" class="btn btn-primary" disabled=${form.busy}>${t('suppressions.add')}</button>
          </form>`
        : null
    }
    ${
      !data
        ? html`<${Pending} error=${list.error} />`
        : data.suppressions.length === 0
          ? html`<p class="empty">${t('suppressions.empty')}</p>`
          : html`<div class="table-wrap">
              <table class="table">
                <thead><tr><th>${t('suppressions.email')}</th><th>${t('suppressions.reason')}</th><th>${t('suppressions.note')}</th><th>${t('suppressions.since')}</th><th></th></tr></thead>
                <tbody>
                  ${data.suppressions.map(
                    (s) => html`<tr>
                      <td data-label=${t('suppressions.email')} class="strong">${s.email}</td>
                      <td data-label=${t('suppressions.reason')}><span class=${`badge email-reason-${s.reason}`}>${t(`suppressions.reason.${s.reason}`)}</span></td>
                      <td data-label=${t('suppressions.note')} class="email-answer">${s.note}</td>
                      <td data-label=${t('suppressions.since')}>${formatDateTime(s.created_at)}</td>
                      <td class="actions-cell">${canWrite ? html`<button type="button" class="btn btn-ghost" aria-label=${t('suppressions.removeOf', { email: s.email })} onClick=${() => remove(s.email)}>${t('suppressions.remove')}</button>` : null}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            <${Pager} page=${page} pages=${pages} onPage=${setPage} />`
    }
  </div>`;
}
