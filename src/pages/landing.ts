import type { AgendaRow, EventRow, SpeakerRow } from '../events/events.js';
import { type Locale, translator } from '../i18n/index.js';
import { labelOf } from '../leads/forms/definition.js';
import {
  askedFields,
  type FormValues,
  type FormView,
  renderField,
  renderOptIn,
} from '../leads/forms/render.js';
import {
  agendaSection,
  clip,
  countdown,
  eventWhen,
  type Organiser,
  organiserBar,
  picture,
  type SizedImage,
  type SpeakerPhotos,
  speakersSection,
  type Translate,
} from './blocks.js';
import { calendarMenu } from './calendar.js';
import { formatEventRange, formatZone } from './format.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

export interface FormState {
  values: FormValues;
  errors: Record<string, string>;
}

export interface LandingInput {
  event: EventRow;
  speakers: SpeakerRow[];
  agenda: AgendaRow[];
  locale: Locale;
  baseUrl: string;
  cover: SizedImage | null;
  /** The speakers' photos by file id. */
  photos: SpeakerPhotos;
  organiser: Organiser;
  form?: FormState;
  /** The event's registration form, less what a recognised contact already told us. */
  formView: FormView;
  /** A recognised returning contact (progressive profiling) and how to carry their proof. */
  returning?: { name: string; token?: string };
  /** channel / utm_* values carried from the link into the form. */
  carry: Record<string, string>;
  script?: string;
  /** Share actions for the event's page (src/promotion/share.ts). */
  share?: SafeHtml;
}

export const consentTextFor = (event: EventRow, locale: Locale) =>
  event.consent_text ?? translator(locale)('reg.consent_default');

/**
 * After a failed submit the summary takes focus (native `autofocus`, so it works without
 * JavaScript): the browser scrolls to it and a screen reader reads it. Each line links to
 * its field.
 */
function errorSummary(input: LandingInput, form: FormState, tr: Translate): SafeHtml | '' {
  const labels = new Map(askedFields(input.formView).map((f) => [f.key, labelOf(f, input.locale)]));
  labels.set('consent', tr('reg.consent_label'));
  const fieldErrors = [...labels.keys()].filter((f) => form.errors[f]);
  if (!fieldErrors.length && !form.errors._) return '';
  return html`<div class="alert" id="reg-errors" role="alert" tabindex="-1" autofocus aria-labelledby="reg-errors-title">
  <p id="reg-errors-title"><strong>${form.errors._ ?? tr('reg.fix_errors')}</strong></p>
  ${fieldErrors.length ? html`<ul>${fieldErrors.map((f) => html`<li><a href="#f-${f}">${labels.get(f)}: ${form.errors[f]}</a></li>`)}</ul>` : ''}
</div>`;
}

function registrationForm(input: LandingInput, tr: Translate): SafeHtml {
  const form = input.form ?? { values: {}, errors: {} };
  const consentError = form.errors.consent;
  const privacy = input.organiser.privacyUrl;
  const returning = input.returning;
  return html`<form id="register" method="post" action="/e/${input.event.slug}/register?lang=${input.locale}" novalidate aria-labelledby="reg-title">
  <h2 id="reg-title">${tr('reg.title')}</h2>
  ${errorSummary(input, form, tr)}
  ${returning ? html`<p class="returning">${tr('form.welcome_back', { name: returning.name })} <a href="/e/${input.event.slug}/forget?lang=${input.locale}">${tr('form.not_you')}</a></p>` : ''}
  ${returning?.token ? html`<input type="hidden" name="k" value="${returning.token}">` : ''}
  ${askedFields(input.formView).map((f) => renderField(f, input.locale, form.values, form.errors))}
  <div class="hp" aria-hidden="true"><label for="f-website">Website</label><input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
  ${Object.entries(input.carry).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
  <div class="field${consentError ? ' invalid' : ''}">
    <div class="consent"><input id="f-consent" type="checkbox" name="consent" value="on"${form.values.consent ? html` checked` : ''} required${
      consentError ? html` aria-invalid="true" aria-describedby="e-consent"` : ''
    }>
    <label for="f-consent">${consentTextFor(input.event, input.locale)}</label></div>
    ${privacy ? html`<p class="privacy"><a href="${privacy}" target="_blank" rel="noopener">${tr('reg.privacy')}</a></p>` : ''}
    ${consentError ? html`<p class="error" id="e-consent">${consentError}</p>` : ''}
  </div>
  ${renderOptIn(input.formView.definition, input.locale, form.values)}
  <button class="btn block" type="submit">${tr('reg.submit')}</button>
</form>`;
}

/**
 * The cover's slot (styles.ts): the page's width on phones; from 720 px the hero's wider
 * column, 11/20 of the 1080-px wrap less its padding and gap (about 560 px).
 */
const COVER_SIZES = '(min-width: 1080px) 560px, (min-width: 720px) 52vw, 100vw';

/**
 * The public landing page. The first screen, on a phone and on a laptop, holds the cover at
 * its own ratio, the title, the time and the call to action; on phones the form comes right
 * after (before About, Speakers and Agenda); on wide screens it sits beside them. Works
 * without JavaScript; the script adds the visitor's local time, the countdown and converts
 * the agenda. Only audience-facing fields are shown: the summary, speakers and agenda (the
 * brief's topic, audience, pain point and "why now" are the team's planning notes).
 */
export function renderLanding(input: LandingInput): string {
  const { event, locale, cover } = input;
  const tr = translator(locale);
  const url = `${input.baseUrl}/e/${event.slug}`;
  const isReplay = event.status === 'on_demand' || event.status === 'ended';
  const calendar =
    event.status === 'scheduled'
      ? calendarMenu(tr, {
          title: event.title,
          details: event.summary,
          startsAt: event.starts_at,
          endsAt: event.ends_at,
          url,
          icsUrl: `/e/${event.slug}/calendar.ics`,
          icsName: `${event.slug}.ics`,
        })
      : '';
  const body = html`<header class="hero${cover ? ' has-cover' : ''}">${organiserBar(input.organiser)}<div class="wrap hero-in">
  ${cover ? picture(cover, { class: 'cover', alt: '', fetchpriority: 'high', sizes: COVER_SIZES }) : ''}
  <div class="hero-body">
    <span class="badge${event.status === 'live' ? ' live' : ''}">${tr(`event.status.${event.status}`)} · ${tr(`event.format.${event.format}`)}</span>
    <h1>${event.title}</h1>
    ${eventWhen(event, locale, tr)}
    ${countdown(event, tr)}
    <div class="cta-row"><a class="btn" href="#register">${isReplay ? tr('landing.watch_replay_cta') : tr('landing.register_cta')}</a>
    ${calendar}</div>
  </div>
</div></header>
<main class="wrap grid">
  <aside class="side card">${registrationForm(input, tr)}</aside>
  <div class="content">
    ${event.summary ? html`<section class="card" aria-labelledby="h-about"><h2 id="h-about">${tr('landing.about')}</h2><p class="about">${event.summary}</p></section>` : ''}
    ${speakersSection(input.speakers, tr, input.photos)}
    ${agendaSection(event, input.agenda, input.speakers, locale, tr)}
    ${input.share ?? ''}
  </div>
</main>`;
  const when = formatEventRange(event.starts_at, event.ends_at, event.timezone, locale);
  const zone = formatZone(event.starts_at, event.timezone, locale);
  const lead = tr('landing.event_time', { time: when, zone });
  return layout(
    locale,
    {
      title: event.title,
      description: event.summary ? `${lead} — ${clip(event.summary, 200)}` : lead,
      url,
      siteName: input.organiser.name || 'LeadCast',
      image: cover ? { ...cover, url: `${input.baseUrl}${cover.url}`, alt: event.title } : null,
      head: input.script ? html`<script type="module" src="${input.script}"></script>` : undefined,
    },
    body,
  );
}
