import type { AgendaRow, EventRow, SpeakerRow } from '../events/events.js';
import { type Locale, translator } from '../i18n/index.js';
import { offersSection } from '../leads/offers/page.js';
import { agendaSection, countdown, eventWhen, type Organiser, organiserBar } from './blocks.js';
import { calendarMenu } from './calendar.js';
import { formatEventRange } from './format.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

/** From this long before the start (and while live), the room link is the page's main button. */
export const ROOM_FIRST_MS = 30 * 60_000;

/**
 * The page after registering. Weeks before the event what matters is the calendar, the time
 * in the visitor's zone and the agenda; the personal room link is kept (and copyable) but
 * becomes the main button only shortly before the start. Never indexed: the URL holds a secret.
 */
export function renderConfirmation(input: {
  event: EventRow;
  agenda: AgendaRow[];
  speakers: SpeakerRow[];
  organiser: Organiser;
  locale: Locale;
  baseUrl: string;
  joinToken: string;
  now: Date;
  script?: string;
  /** The registrant's invitations (gate progress, share actions with their personal link, poster), src/promotion. */
  promotion?: SafeHtml;
  /** Offers flagged for the pages: each links through this registration's own offer link. */
  offers?: Parameters<typeof offersSection>[0];
}): string {
  const { event, locale } = input;
  const tr = translator(locale);
  const joinUrl = `${input.baseUrl}/j/${input.joinToken}`;
  const landingUrl = `${input.baseUrl}/e/${event.slug}`;
  const roomFirst =
    event.status !== 'scheduled' || Date.parse(event.starts_at) - input.now.getTime() <= ROOM_FIRST_MS;
  const room = html`<a class="btn${roomFirst ? '' : ' secondary'}" href="${joinUrl}">${tr('confirm.open_room')}</a>`;
  const calendar = calendarMenu(
    tr,
    {
      title: event.title,
      details: event.summary,
      startsAt: event.starts_at,
      endsAt: event.ends_at,
      url: joinUrl,
      icsUrl: `/e/${event.slug}/registered/${input.joinToken}/calendar.ics`,
      icsName: `${event.slug}.ics`,
    },
    !roomFirst,
  );
  const org = organiserBar(input.organiser);
  const body = html`${org ? html`<header>${org}</header>` : ''}
<main class="wrap confirm">
  <section class="card">
    <div class="alert ok" role="status">${tr('confirm.title')}</div>
    <h1>${event.title}</h1>
    <p>${tr('confirm.body', { title: event.title })}</p>
    ${eventWhen(event, locale, tr)}
    ${countdown(event, tr)}
    <div class="actions">${roomFirst ? html`${room}${calendar}` : html`${calendar}${room}`}</div>
    <h2 class="join-title">${tr('confirm.join_link')}</h2>
    <div class="joinlink"><span id="join-url">${joinUrl}</span>
      <button class="btn secondary" type="button" data-copy="#join-url" data-copied="${tr('confirm.copied')}" hidden>${tr('confirm.copy')}</button></div>
    <p class="muted">${tr('confirm.join_hint')}</p>
    ${
      input.promotion
        ? ''
        : html`<h2 class="join-title">${tr('confirm.colleagues')}</h2>
    <p class="muted">${tr('confirm.colleagues_hint')}</p>
    <div class="joinlink"><span id="event-url">${landingUrl}</span>
      <button class="btn secondary" type="button" data-copy="#event-url" data-copied="${tr('confirm.copied')}" hidden>${tr('confirm.copy')}</button></div>`
    }
  </section>
  ${input.promotion ?? ''}
  ${offersSection(input.offers ?? [], input.joinToken, locale)}
  ${agendaSection(event, input.agenda, input.speakers, locale, tr)}
</main>`;
  return layout(
    locale,
    {
      title: `${tr('confirm.title')} · ${event.title}`,
      description: formatEventRange(event.starts_at, event.ends_at, event.timezone, locale),
      url: landingUrl,
      siteName: input.organiser.name || 'LeadCast',
      noindex: true,
      head: input.script ? html`<script type="module" src="${input.script}"></script>` : undefined,
    },
    body,
  );
}

export function renderMessagePage(locale: Locale, baseUrl: string, title: string, message: string): string {
  return layout(
    locale,
    { title, description: message, url: baseUrl, noindex: true },
    html`<main class="wrap confirm"><section class="card"><h1>${title}</h1><p>${message}</p></section></main>`,
  );
}
