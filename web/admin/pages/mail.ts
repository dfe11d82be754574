import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { formatDateTime, formatNumber, type MessageKey, t } from '../i18n';
import { useSession } from '../session';
import { Banner } from '../ui/form';
import { Pending, useLoad } from '../ui/load';
import { Pager } from '../ui/pager';

const PAGE_SIZE = 25;

interface MailSummary {
  id: string;
  to_address: string;
  subject: string;
  status: 'queued' | 'sent' | 'kept' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: string;
}

interface MailPage {
  messages: MailSummary[];
  total: number;
  page: number;
  transport: 'smtp' | 'outbox';
}

interface MailDetail {
  message: MailSummary & { text_body: string; attachments: { filename: string }[] };
}

/** One message's text and attachments, loaded when the row is opened. */
function MailBody(props: { id: string }) {
  const detail = useLoad(() => api.get<MailDetail>(`/api/v1/mail/${props.id}`), [props.id]);
  const m = detail.data?.message;
  if (!m) return html`<${Pending} error=${detail.error} />`;
  return html`<div class="mail-body">
    ${m.last_error ? html`<p class="muted">${t('mail.lastError')}: ${m.last_error}</p>` : ''}
    <pre>${m.text_body}</pre>
    ${m.attachments.length ? html`<p class="muted">${t('mail.attachments')}: ${m.attachments.map((a) => a.filename).join(', ')}</p>` : ''}
  </div>`;
}

/** The mail log; without an SMTP relay, the outbox where the team reads what would have gone out. */
export function MailPage() {
  const { can } = useSession();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string>();
  const list = useLoad(
    () => api.get<MailPage>(`/api/v1/mail${query({ page, page_size: PAGE_SIZE })}`),
    [page],
  );
  if (!can('registrations:read'))
    return html`<div class="page"><${Banner} message=${t('error.FORBIDDEN')} /></div>`;
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return html`<div class="page">
    <h1>${t('mail.title')}</h1>
    ${data ? html`<p class="muted">${t(data.transport === 'smtp' ? 'mail.lead.smtp' : 'mail.lead.outbox')} ${formatNumber(data.total)}</p>` : ''}
    ${
      !data
        ? html`<${Pending} error=${list.error} />`
        : data.total === 0
          ? html`<div class="empty">${t('mail.empty')}</div>`
          : html`<div class="table-wrap">
              <table class="table mail-table">
                <thead><tr><th>${t('mail.to')}</th><th>${t('mail.subject')}</th><th>${t('mail.status')}</th><th>${t('mail.created')}</th><th><span class="visually-hidden">${t('console.actions')}</span></th></tr></thead>
                <tbody>
                  ${data.messages.map(
                    (m) => html`<tr>
                        <td data-label=${t('mail.to')}>${m.to_address}</td>
                        <td data-label=${t('mail.subject')} class="strong">${m.subject}</td>
                        <td data-label=${t('mail.status')}><span class=${`status status-${m.status}`}>${t(`mail.status.${m.status}` as MessageKey)}</span></td>
                        <td data-label=${t('mail.created')}>${formatDateTime(m.created_at)}</td>
                        <td><button type="button" class="btn btn-ghost" onClick=${() => setOpen(open === m.id ? undefined : m.id)}>${t(open === m.id ? 'mail.hide' : 'mail.show')}</button></td>
                      </tr>
                      ${open === m.id ? html`<tr class="mail-open"><td colspan="5"><${MailBody} id=${m.id} /></td></tr>` : ''}`,
                  )}
                </tbody>
              </table>
            </div>
            <${Pager} page=${data.page} pages=${pages} onPage=${setPage} />`
    }
  </div>`;
}
