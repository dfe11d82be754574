import type { AgendaRow, EventRow, SpeakerRow } from '../events/events.js';
import type { Locale, translator } from '../i18n/index.js';
import { formatEventRange, formatTime, formatZone } from './format.js';
import { html, type SafeHtml } from './html.js';

/** Page pieces shared by the landing page, the confirmation page and the room before the live. */

export type Translate = ReturnType<typeof translator>;

/** The organiser as audience pages show it (the organisation settings). */
export interface Organiser {
  name: string;
  logoUrl: string | null;
  privacyUrl: string | null;
}

/**
 * An image with its own size, so the page reserves its box at its ratio, and its resized
 * copies (`Picture` of src/files, AVIF then WebP) when they are made.
 */
export interface SizedImage {
  url: string;
  width: number;
  height: number;
  sources?: ReadonlyArray<{ type: string; srcset: string }>;
}

/**
 * `<picture>`: a `<source>` per copy type with its widths and the slot's `sizes`, and the
 * original as the `<img>` (browsers without AVIF/WebP, and images whose copies are not made
 * yet). The `<picture>` box is `display: contents` in the pages' CSS, so the `<img>` is laid
 * out exactly as it was without it.
 */
export function picture(
  image: SizedImage,
  img: {
    sizes: string;
    class?: string;
    /** A class for the `<picture>` too (sibling selectors that followed the `<img>`). */
    pictureClass?: string;
    alt: string;
    /** The box to reserve; the image's own size unless the slot is fixed (avatars). */
    width?: number;
    height?: number;
    loading?: 'lazy';
    fetchpriority?: 'high';
  },
): SafeHtml {
  const tag = html`<img${img.class ? html` class="${img.class}"` : ''} src="${image.url}" alt="${img.alt}"${img.loading ? html` loading="${img.loading}"` : ''} width="${img.width ?? image.width}" height="${img.height ?? image.height}"${img.fetchpriority ? html` fetchpriority="${img.fetchpriority}"` : ''}>`;
  if (!image.sources?.length) return tag;
  return html`<picture${img.pictureClass ? html` class="${img.pictureClass}"` : ''}>${image.sources.map((s) => html`<source type="${s.type}" srcset="${s.srcset}" sizes="${img.sizes}">`)}${tag}</picture>`;
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();

/** "A, B, and C" / "A、B、C": names listed in the page's language. */
export const joinList = (locale: Locale, items: string[]) =>
  locale === 'zh-CN' ? items.join('、') : new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);

/**
 * Cuts text to at most `max` characters for a share description: at a word boundary when
 * there is one near the end, with an ellipsis, never mid-word.
 */
export function clip(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const wordEnds = clean[max - 1] === ' ';
  const space = cut.lastIndexOf(' ');
  const base = wordEnds || space <= max * 0.6 ? cut : cut.slice(0, space);
  return `${base.replace(/[\s,.;:，。；：、-]+$/u, '')}…`;
}

export function organiserBar(org: Organiser | undefined): SafeHtml | '' {
  if (!org || (!org.name && !org.logoUrl)) return '';
  return html`<div class="org"><div class="wrap org-in">
  ${org.logoUrl ? html`<img src="${org.logoUrl}" alt="${org.name ? '' : 'Logo'}" height="32">` : ''}
  ${org.name ? html`<span class="org-name">${org.name}</span>` : ''}
</div></div>`;
}

/** The event's time in its zone, and (with JavaScript) the visitor's own when their zone differs. */
export function eventWhen(event: EventRow, locale: Locale, tr: Translate): SafeHtml {
  const when = formatEventRange(event.starts_at, event.ends_at, event.timezone, locale);
  const zone = formatZone(event.starts_at, event.timezone, locale);
  return html`<p class="when"><time datetime="${event.starts_at}">${tr('landing.event_time', { time: when, zone })}</time>
  <span class="local" data-local-time data-start="${event.starts_at}" data-end="${event.ends_at}" data-zone="${event.timezone}" data-template="${tr('landing.your_time', { time: '{time}' })}" hidden></span></p>`;
}

/** A countdown the script fills in; nothing shows without JavaScript or once the event started. */
export function countdown(event: EventRow, tr: Translate): SafeHtml | '' {
  if (event.status !== 'scheduled') return '';
  return html`<p class="countdown" data-countdown="${event.starts_at}" data-label="${tr('landing.countdown')}" data-units="${tr('landing.countdown.units')}" data-units-short="${tr('landing.countdown.units_short')}" hidden></p>`;
}

/** Speakers' photos by file id (`files.picture(id, 'photo')`); a speaker missing here shows initials. */
export type SpeakerPhotos = ReadonlyMap<string, SizedImage>;

function speakerCard(s: SpeakerRow, tr: Translate, photos: SpeakerPhotos): SafeHtml {
  const photo = s.photo_file_id ? photos.get(s.photo_file_id) : undefined;
  return html`<li class="speaker">
  ${photo ? picture(photo, { alt: '', loading: 'lazy', width: 64, height: 64, sizes: '64px' }) : html`<div class="avatar" aria-hidden="true">${initials(s.name)}</div>`}
  <div><div class="tier">${tr(`event.tier.${s.tier}`)}</div><h3 class="name">${s.name}</h3>
  <div class="muted">${[s.title, s.company].filter(Boolean).join(' · ')}</div>
  ${s.bio ? html`<p class="muted bio">${s.bio}</p>` : ''}</div>
</li>`;
}

export function speakersSection(speakers: SpeakerRow[], tr: Translate, photos: SpeakerPhotos): SafeHtml | '' {
  if (!speakers.length) return '';
  return html`<section class="card" aria-labelledby="h-speakers"><h2 id="h-speakers">${tr('landing.speakers')}</h2>
  <ul class="speakers">${speakers.map((s) => speakerCard(s, tr, photos))}</ul></section>`;
}

/**
 * The agenda in the event's zone, labelled with it; the script rewrites the times (and the
 * label) into the visitor's zone when it differs.
 */
export function agendaSection(
  event: EventRow,
  agenda: AgendaRow[],
  speakers: SpeakerRow[],
  locale: Locale,
  tr: Translate,
): SafeHtml | '' {
  if (!agenda.length) return '';
  const zone = formatZone(event.starts_at, event.timezone, locale);
  const names = (ids: string[]) =>
    joinList(
      locale,
      speakers.filter((s) => ids.includes(s.id)).map((s) => s.name),
    );
  return html`<section class="card" aria-labelledby="h-agenda"><h2 id="h-agenda">${tr('landing.agenda')}</h2>
  <p class="muted zone-note" data-zone-note data-zone="${event.timezone}" data-template="${tr('landing.agenda_zone_local', { zone: '{zone}' })}">${tr('landing.agenda_zone', { zone })}</p>
  <ol class="agenda">${agenda.map(
    (
      a,
    ) => html`<li><time datetime="${a.starts_at}" data-agenda-time data-end="${a.ends_at}">${formatTime(a.starts_at, event.timezone, locale)}–${formatTime(a.ends_at, event.timezone, locale)}</time>
    <div><h3 class="session">${a.title}</h3>${a.description ? html`<p class="muted">${a.description}</p>` : ''}
    ${a.speaker_ids.length ? html`<p class="muted">${names(a.speaker_ids)}</p>` : ''}</div></li>`,
  )}</ol></section>`;
}
