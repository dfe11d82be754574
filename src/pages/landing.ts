import type { AgendaRow, EventRow, SpeakerRow } from '../events/events.js';
import { fileUrl } from '../files/files.js';
import { type Locale, translator } from '../i18n/index.js';
import { formatEventRange, formatTime, formatZone } from './format.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

export interface LandingInput {
  event: EventRow;
  speakers: SpeakerRow[];
  agenda: AgendaRow[];
  locale: Locale;
  baseUrl: string;
  form?: FormState;
  /** channel / utm_* values carried from the link into the form. */
  carry: Record<string, string>;
  script?: string;
}

export const consentTextFor = (event: EventRow, locale: Locale) =>
  event.consent_text ?? translator(locale)('reg.consent_default');

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();

function speakerCard(s: SpeakerRow, tr: ReturnType<typeof translator>): SafeHtml {
  const photo = fileUrl(s.photo_file_id);
  return html`<div class="speaker">
  ${photo ? html`<img src="${photo}" alt="${s.name}" loading="lazy" width="64" height="64">` : html`<div class="avatar" aria-hidden="true">${initials(s.name)}</div>`}
  <div><div class="tier">${tr(`event.tier.${s.tier}`)}</div><div class="name">${s.name}</div>
  <div class="muted">${[s.title, s.company].filter(Boolean).join(' · ')}</div>
  ${s.bio ? html`<div class="muted">${s.bio}</div>` : ''}</div>
</div>`;
}

function field(
  name: string,
  label: string,
  type: string,
  form: FormState,
  opts: { required?: boolean; autocomplete: string; optionalLabel?: string },
): SafeHtml {
  const error = form.errors[name];
  return html`<div class="field${error ? ' invalid' : ''}">
  <label for="f-${name}">${label}${opts.optionalLabel ? html` <span class="muted">${opts.optionalLabel}</span>` : ''}</label>
  <input id="f-${name}" name="${name}" type="${type}" value="${form.values[name] ?? ''}" autocomplete="${opts.autocomplete}"${
    opts.required ? html` required` : ''
  }${error ? html` aria-invalid="true" aria-describedby="e-${name}"` : ''}>
  ${error ? html`<div class="error" id="e-${name}">${error}</div>` : ''}
</div>`;
}

function registrationForm(input: LandingInput, tr: ReturnType<typeof translator>): SafeHtml {
  const form = input.form ?? { values: {}, errors: {} };
  const hasErrors = Object.keys(form.errors).length > 0;
  const consentError = form.errors.consent;
  return html`<form id="register" method="post" action="/e/${input.event.slug}/register?lang=${input.locale}" novalidate>
  <h2>${tr('reg.title')}</h2>
  ${hasErrors ? html`<div class="alert" role="alert">${form.errors._ ?? tr('reg.fix_errors')}</div>` : ''}
  ${field('name', tr('reg.name'), 'text', form, { required: true, autocomplete: 'name' })}
  ${field('email', tr('reg.email'), 'email', form, { required: true, autocomplete: 'email' })}
  ${field('phone', tr('reg.phone'), 'tel', form, { required: true, autocomplete: 'tel' })}
  ${field('company', tr('reg.company'), 'text', form, { required: true, autocomplete: 'organization' })}
  ${field('job_title', tr('reg.job_title'), 'text', form, { autocomplete: 'organization-title', optionalLabel: tr('reg.optional') })}
  <div class="hp" aria-hidden="true"><label for="f-website">Website</label><input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
  ${Object.entries(input.carry).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
  <div class="field${consentError ? ' invalid' : ''}">
    <label class="consent"><input type="checkbox" name="consent" value="on"${form.values.consent ? html` checked` : ''} required>
    <span>${consentTextFor(input.event, input.locale)}</span></label>
    ${consentError ? html`<div class="error">${consentError}</div>` : ''}
  </div>
  <button class="btn block" type="submit">${tr('reg.submit')}</button>
</form>`;
}

/** The public landing page: works without JavaScript; the script only adds countdown and local time. */
export function renderLanding(input: LandingInput): string {
  const { event, locale } = input;
  const tr = translator(locale);
  const cover = fileUrl(event.cover_file_id);
  const when = formatEventRange(event.starts_at, event.ends_at, event.timezone, locale);
  const zone = formatZone(event.starts_at, event.timezone, locale);
  const url = `${input.baseUrl}/e/${event.slug}`;
  const brief = [
    [tr('landing.who_for'), event.target_audience],
    [tr('landing.why_now'), event.why_now],
  ].filter(([, v]) => v);
  const body = html`<header class="hero">
  ${cover ? html`<img class="cover" src="${cover}" alt="" width="1280" height="720">` : ''}
  <div class="wrap hero-body">
    <span class="badge${event.status === 'live' ? ' live' : ''}">${tr(`event.status.${event.status}`)} · ${tr(`event.format.${event.format}`)}</span>
    <h1>${event.title}</h1>
    ${event.summary ? html`<p class="summary">${event.summary}</p>` : ''}
    <div class="when">
      <strong><time datetime="${event.starts_at}">${tr('landing.event_time', { time: when, zone })}</time></strong>
      <span class="muted" data-local-time data-start="${event.starts_at}" data-end="${event.ends_at}" data-template="${tr('landing.your_time', { time: '{time}' })}" hidden></span>
      ${event.status === 'scheduled' ? html`<span class="muted" data-countdown="${event.starts_at}" data-label="${tr('landing.countdown')}" data-units="${tr('landing.countdown.units')}" hidden></span>` : ''}
    </div>
    <a class="btn" href="#register">${event.status === 'on_demand' || event.status === 'ended' ? tr('landing.watch_replay_cta') : tr('landing.register_cta')}</a>
  </div>
</header>
<main class="wrap grid">
  <div>
    ${
      event.topic || brief.length
        ? html`<section class="card"><h2>${tr('landing.about')}</h2>${event.topic ? html`<p><strong>${event.topic}</strong></p>` : ''}
      ${brief.length ? html`<dl class="brief">${brief.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>` : ''}</section>`
        : ''
    }
    ${
      input.speakers.length
        ? html`<section class="card" style="margin-top:20px"><h2>${tr('landing.speakers')}</h2><div class="speakers">${input.speakers.map((s) => speakerCard(s, tr))}</div></section>`
        : ''
    }
    ${
      input.agenda.length
        ? html`<section class="card" style="margin-top:20px"><h2>${tr('landing.agenda')}</h2><ol class="agenda">${input.agenda.map(
            (
              a,
            ) => html`<li><time datetime="${a.starts_at}">${formatTime(a.starts_at, event.timezone, locale)}–${formatTime(a.ends_at, event.timezone, locale)}</time>
            <div><strong>${a.title}</strong>${a.description ? html`<div class="muted">${a.description}</div>` : ''}
            ${
              a.speaker_ids.length
                ? html`<div class="muted">${input.speakers
                    .filter((s) => a.speaker_ids.includes(s.id))
                    .map((s) => s.name)
                    .join(', ')}</div>`
                : ''
            }</div></li>`,
          )}</ol></section>`
        : ''
    }
  </div>
  <aside class="side card">${registrationForm(input, tr)}</aside>
</main>`;
  return layout(
    locale,
    {
      title: event.title,
      description: `${when} (${zone})${event.summary ? ` — ${event.summary.slice(0, 200)}` : ''}`,
      url,
      image: cover ? `${input.baseUrl}${cover}` : null,
      head: input.script ? html`<script type="module" src="${input.script}"></script>` : undefined,
    },
    body,
  );
}
