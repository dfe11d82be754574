import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { useSession } from '../session';
import type { LcEvent } from '../types';
import { confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { ImageUpload } from '../ui/upload';

/** The event's cover image: preview, replace, remove. */
export function CoverCard(props: { event: LcEvent; onChanged: (event: LcEvent) => void }) {
  const { can } = useSession();
  const [error, setError] = useState<string>();
  const { event } = props;
  async function remove() {
    if (!(await confirmAction(t('cover.confirmRemove'), { danger: true, confirmLabel: t('common.remove') })))
      return;
    try {
      props.onChanged((await api.delete<{ event: LcEvent }>(`/api/v1/events/${event.id}/cover`)).event);
    } catch (err) {
      setError(describeError(err).message);
    }
  }
  const upload = async (file: File) =>
    props.onChanged((await api.upload<{ event: LcEvent }>(`/api/v1/events/${event.id}/cover`, file)).event);
  return html`<section class="card cover-card">
    <h2>${t('cover.title')}</h2>
    ${
      event.cover_url
        ? html`<img class="cover-preview" src=${event.cover_url} alt=${t('cover.alt', { title: event.title })} />`
        : html`<div class="cover-placeholder">${t('cover.none')}</div>`
    }
    ${
      can('events:write')
        ? html`<div class="cover-actions">
            <${ImageUpload} name="cover" label=${event.cover_url ? t('cover.replace') : t('cover.upload')} upload=${upload} />
            ${event.cover_url ? html`<button type="button" class="btn btn-ghost" onClick=${remove}>${t('common.remove')}</button>` : null}
          </div>`
        : null
    }
    ${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
  </section>`;
}
