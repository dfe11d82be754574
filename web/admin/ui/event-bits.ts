import { html } from 'htm/preact';
import { formatDateTime, t, viewerTimeZone } from '../i18n';
import type { EventStatus, LcEvent } from '../types';

export function StatusBadge(props: { status: EventStatus }) {
  return html`<span class=${`badge status-${props.status}`}>${t(`status.${props.status}`)}</span>`;
}

/** Start time in the event's time zone, and in the viewer's when it differs. */
export function EventTime(props: { event: Pick<LcEvent, 'starts_at' | 'timezone'> }) {
  const { starts_at, timezone } = props.event;
  const viewer = viewerTimeZone();
  return html`<span class="event-time">
    <span>${formatDateTime(starts_at, timezone)} <span class="muted">(${timezone})</span></span>
    ${viewer !== timezone ? html`<span class="muted small">${t('event.yourTime', { time: formatDateTime(starts_at, viewer) })}</span>` : null}
  </span>`;
}
