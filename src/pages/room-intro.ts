import type { AgendaRow, EventRow, SpeakerRow } from '../events/events.js';
import { type Locale, translator } from '../i18n/index.js';
import { offersSection } from '../leads/offers/page.js';
import {
  agendaSection,
  eventWhen,
  picture,
  type SizedImage,
  type SpeakerPhotos,
  speakersSection,
} from './blocks.js';
import { calendarMenu } from './calendar.js';
import { html } from './html.js';

export interface RoomIntroInput {
  event: EventRow;
  speakers: SpeakerRow[];
  agenda: AgendaRow[];
  cover: SizedImage | null;
  /** The speakers' photos by file id. */
  photos: SpeakerPhotos;
  locale: Locale;
  baseUrl: string;
  /** The viewer's join token (registration events); null on open events. */
  joinToken: string | null;
  /** Before the live: the calendar is offered too. */
  beforeLive: boolean;
  /** Offers flagged for the pages, on the replay (the live room has its offer cards). */
  offers?: Parameters<typeof offersSection>[0];
}

/**
 * What the live room shows under the stage: the title, the time (the script adds the
 * viewer's own), add to calendar before the start, the agenda and the speakers. Rendered
 * by the pages domain so the room reads the same as the landing and confirmation pages.
 */
export function renderRoomIntro(input: RoomIntroInput): string {
  const { event, locale, joinToken } = input;
  const tr = translator(locale);
  const calendar = input.beforeLive
    ? calendarMenu(tr, {
        title: event.title,
        details: event.summary,
        startsAt: event.starts_at,
        endsAt: event.ends_at,
        url: joinToken ? `${input.baseUrl}/j/${joinToken}` : `${input.baseUrl}/e/${event.slug}/live`,
        icsUrl: joinToken
          ? `/e/${event.slug}/registered/${joinToken}/calendar.ics`
          : `/e/${event.slug}/calendar.ics`,
        icsName: `${event.slug}.ics`,
      })
    : '';
  return html`<div class="lc-intro">
  <h1>${event.title}</h1>
  ${eventWhen(event, locale, tr)}
  ${calendar}
  ${offersSection(input.offers ?? [], joinToken, locale)}
  ${agendaSection(event, input.agenda, input.speakers, locale, tr)}
  ${speakersSection(input.speakers, tr, input.photos)}
</div>`.value;
}

/**
 * The cover behind the "starting soon" slate, whole, at its ratio. It fills the stage: the
 * page's width, less the 360-px side column from 900 px (src/live/pages.ts).
 */
export const roomCover = (cover: SizedImage | null) =>
  cover
    ? picture(cover, {
        class: 'lc-cover',
        pictureClass: 'lc-cover-box',
        alt: '',
        fetchpriority: 'high',
        sizes: '(min-width: 900px) calc(100vw - 360px), 100vw',
      }).value
    : '';
