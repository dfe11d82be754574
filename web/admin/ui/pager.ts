import { html } from 'htm/preact';
import { t } from '../i18n';

/** Previous / "Page n of m" / Next, under a paged table. */
export function Pager(props: { page: number; pages: number; onPage: (page: number) => void }) {
  const { page, pages, onPage } = props;
  return html`<div class="pager">
    <button type="button" class="btn" disabled=${page <= 1} onClick=${() => onPage(page - 1)}>${t('common.previous')}</button>
    <span class="muted">${t('registrations.page', { page, pages })}</span>
    <button type="button" class="btn" disabled=${page >= pages} onClick=${() => onPage(page + 1)}>${t('common.next')}</button>
  </div>`;
}
