import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { LazyAnalyticsTab } from '../analytics/lazy';
import { api } from '../api';
import { EmailTab } from '../email/tab';
import { t } from '../i18n';
import { href, navigate } from '../router';
import { useSession } from '../session';
import type { EventDetail, EventStatus, LcEvent } from '../types';
import { confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { EventTime, StatusBadge } from '../ui/event-bits';
import { Banner } from '../ui/form';
import { Pending, useLoad } from '../ui/load';
import { useScrollStrip } from '../ui/strip';
import { AgendaTab } from './agenda';
import { ChannelsTab } from './channels';
import { CoverCard } from './cover';
import { EventForm } from './event-form';
import { EventLeadsTab } from './event-leads';
import { FormBuilderTab } from './form-builder';
import { ModerationTab } from './moderation';
import { OffersTab } from './offers';
import { ReferralsTab } from './referrals';
import { RegistrationsTab } from './registrations';
import { CrewTab } from './sop-crew';
import { ReadinessSummary, SopRoomTab } from './sop-room';
import { SpeakersTab } from './speakers';

const tabs = [
  'details',
  'sop',
  'crew',
  'speakers',
  'agenda',
  'form',
  'offers',
  'registrations',
  'channels',
  'email',
  'analytics',
  'moderation',
  'referrals',
  'leads',
] as const;
type Tab = (typeof tabs)[number];

/** One event: header with status actions and links, then a tab per part of the event. */
export function EventPage(props: { id: string; tab: string }) {
  const { can } = useSession();
  const detail = useLoad(
    () => api.get<EventDetail>(`/api/v1/events/${encodeURIComponent(props.id)}`),
    [props.id],
  );
  const [banner, setBanner] = useState<{ message: string; kind: 'error' | 'success' }>();
  const tabsRef = useScrollStrip<HTMLElement>(`${props.tab}:${detail.data ? 'loaded' : ''}`);
  if (!detail.data) return html`<div class="page"><${Pending} error=${detail.error} /></div>`;
  const data = detail.data;
  const tab: Tab = (tabs as readonly string[]).includes(props.tab) ? (props.tab as Tab) : 'details';
  const replaceEvent = (event: LcEvent) => detail.set({ ...data, event });
  const report = (message: string, kind: 'error' | 'success' = 'error') => setBanner({ message, kind });
  const visibleTabs = tabs.filter(
    (name) =>
      (name !== 'registrations' || can('registrations:read')) &&
      ((name !== 'sop' && name !== 'crew') || can('sop:read')) &&
      (name !== 'moderation' || can('room:moderate')) &&
      (name !== 'analytics' || can('analytics:read')) &&
      (name !== 'email' || can('mail:read')) &&
      (name !== 'referrals' || can('registrations:read')) &&
      (name !== 'channels' || can('channels:read')) &&
      (name !== 'leads' || can('leads:read')),
  );
  return html`<div class="page">
    <a class="back" href=${href('/events')}>← ${t('events.title')}</a>
    <${EventHeader} detail=${data} onChanged=${detail.reload} report=${report} />
    <${Banner} message=${banner?.message} kind=${banner?.kind} />
    <nav class="tabs strip" ref=${tabsRef} aria-label=${t('event.tabs')}>
      ${visibleTabs.map(
        (name) =>
          html`<a href=${href(`/events/${data.event.id}/${name}`)} class=${name === tab ? 'active' : ''} aria-current=${name === tab ? 'page' : undefined}>
            ${t(`event.tab.${name}`)}${name === 'registrations' ? html` <span class="count">${data.event.registration_count}</span>` : null}
          </a>`,
      )}
    </nav>
    ${tabContent(tab, data, replaceEvent, detail.reload, report)}
  </div>`;
}

function tabContent(
  tab: Tab,
  data: EventDetail,
  replaceEvent: (e: LcEvent) => void,
  reload: () => Promise<void>,
  report: (message: string, kind?: 'error' | 'success') => void,
) {
  switch (tab) {
    case 'speakers':
      return html`<${SpeakersTab} eventId=${data.event.id} speakers=${data.speakers} onChanged=${reload} />`;
    case 'agenda':
      return html`<${AgendaTab} event=${data.event} agenda=${data.agenda} speakers=${data.speakers} onChanged=${reload} />`;
    case 'form':
      return html`<${FormBuilderTab} eventId=${data.event.id} />`;
    case 'offers':
      return html`<${OffersTab} eventId=${data.event.id} />`;
    case 'registrations':
      return html`<${RegistrationsTab} event=${data.event} />`;
    case 'sop':
      return html`<${SopRoomTab} eventId=${data.event.id} language=${data.event.language} />`;
    case 'crew':
      return html`<${CrewTab} eventId=${data.event.id} />`;
    case 'moderation':
      return html`<${ModerationTab} eventId=${data.event.id} />`;
    case 'analytics':
      return html`<${LazyAnalyticsTab} event=${data.event} />`;
    case 'email':
      return html`<${EmailTab} event=${data.event} onEventChanged=${reload} />`;
    case 'referrals':
      return html`<${ReferralsTab} eventId=${data.event.id} />`;
    case 'leads':
      return html`<${EventLeadsTab} event=${data.event} />`;
    case 'channels':
      return html`<${ChannelsTab} event=${data.event} />`;
    default:
      return html`<${ReadinessSummary} eventId=${data.event.id} /><div class="details-layout">
        <${EventForm} key=${data.event.id} event=${data.event} onSaved=${(e: LcEvent) => {
          replaceEvent(e);
          report(t('common.saved'), 'success');
        }} />
        <${CoverCard} event=${data.event} onChanged=${replaceEvent} />
      </div>`;
  }
}

function EventHeader(props: {
  detail: EventDetail;
  onChanged: () => Promise<void>;
  report: (m: string) => void;
}) {
  const { can } = useSession();
  const { event, next_statuses, urls } = props.detail;
  const [busy, setBusy] = useState(false);
  async function run(message: string, action: () => Promise<void>, danger = false, confirmLabel?: string) {
    if (!(await confirmAction(message, { danger, confirmLabel }))) return;
    setBusy(true);
    try {
      await action();
    } catch (err) {
      props.report(describeError(err).message);
    } finally {
      setBusy(false);
    }
  }
  const transition = (to: EventStatus) =>
    run(
      t(`confirmStatus.${to}`),
      async () => {
        await api.post(`/api/v1/events/${event.id}/status`, { to });
        await props.onChanged();
      },
      false,
      t(`transition.${to}`),
    );
  const remove = () =>
    run(
      t('event.confirmDelete', { title: event.title }),
      async () => {
        await api.delete(`/api/v1/events/${event.id}`);
        navigate('/events');
      },
      true,
      t('common.delete'),
    );
  const canWrite = can('events:write');
  return html`<header class="event-header">
    <div class="event-header-main">
      <div class="event-title-row">
        <h1>${event.title}</h1>
        <${StatusBadge} status=${event.status} />
      </div>
      <${EventTime} event=${event} />
      <div class="links">
        ${
          event.status === 'draft'
            ? html`<span class="muted">${t('event.landingAfterPublish')}</span>`
            : html`<a href=${urls.landing} target="_blank" rel="noopener">${t('event.landingPage')} ↗</a>`
        }
        ${can('live:produce') ? html`<a href=${urls.studio} target="_blank" rel="noopener">${t('event.studio')} ↗</a>` : null}
      </div>
    </div>
    ${
      canWrite
        ? html`<div class="event-actions">
            ${next_statuses.map(
              (to) =>
                html`<button type="button" class=${`btn ${to === 'scheduled' ? 'btn-primary' : ''}`} disabled=${busy} onClick=${() => transition(to)}>
                  ${t(`transition.${to}`)}
                </button>`,
            )}
            ${event.status === 'draft' ? html`<button type="button" class="btn btn-danger-outline" disabled=${busy} onClick=${remove}>${t('common.delete')}</button>` : null}
          </div>`
        : null
    }
  </header>`;
}
