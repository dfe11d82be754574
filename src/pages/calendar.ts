import type { Translate } from './blocks.js';
import { html, type SafeHtml } from './html.js';

/** What a calendar entry needs: the event, and the link the entry should open. */
export interface CalendarEntry {
  title: string;
  details: string;
  startsAt: string;
  endsAt: string;
  /** The landing page for a visitor, the personal join link for a registrant. */
  url: string;
  /** Our .ics file for Apple Calendar, Outlook desktop and everything else. */
  icsUrl: string;
  icsName: string;
}

const compact = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
const isoSeconds = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}/, '');

/** "Add to calendar" links: Google Calendar, Outlook on the web (work and personal) and the .ics file. */
export function calendarLinks(entry: CalendarEntry) {
  const body = `${entry.details}\n\n${entry.url}`.trim();
  const google = new URLSearchParams({
    action: 'TEMPLATE',
    text: entry.title,
    dates: `${compact(entry.startsAt)}/${compact(entry.endsAt)}`,
    details: body,
    location: entry.url,
  });
  const outlook = new URLSearchParams({
    path: '/calendar/action/compose',
    rru: 'addevent',
    subject: entry.title,
    startdt: isoSeconds(entry.startsAt),
    enddt: isoSeconds(entry.endsAt),
    body,
    location: entry.url,
  });
  return {
    google: `https://calendar.google.com/calendar/render?${google}`,
    office365: `https://outlook.office.com/calendar/0/deeplink/compose?${outlook}`,
    outlook: `https://outlook.live.com/calendar/0/deeplink/compose?${outlook}`,
    ics: entry.icsUrl,
  };
}

/** A disclosure with the calendar choices: works without JavaScript (`<details>`). */
export function calendarMenu(tr: Translate, entry: CalendarEntry, primary = false): SafeHtml {
  const links = calendarLinks(entry);
  const external = (href: string, label: string) =>
    html`<li><a href="${href}" target="_blank" rel="noopener noreferrer">${label}</a></li>`;
  return html`<details class="addcal">
  <summary class="btn${primary ? '' : ' secondary'}">${tr('calendar.add')}</summary>
  <ul>
    ${external(links.google, tr('calendar.google'))}
    ${external(links.office365, tr('calendar.office365'))}
    ${external(links.outlook, tr('calendar.outlook'))}
    <li><a href="${links.ics}" download="${entry.icsName}">${tr('calendar.ics')}</a></li>
  </ul>
</details>`;
}
