import type { EventRow } from '../events/events.js';
import { type Locale, translator } from '../i18n/index.js';
import { formatEventRange, formatZone } from './format.js';
import { html } from './html.js';
import { layout } from './layout.js';

/** The page after registering: personal join link, calendar file. Never indexed: the URL holds a secret. */
export function renderConfirmation(input: {
  event: EventRow;
  locale: Locale;
  baseUrl: string;
  joinToken: string;
  script?: string;
}): string {
  const { event, locale } = input;
  const tr = translator(locale);
  const joinUrl = `${input.baseUrl}/j/${input.joinToken}`;
  const when = formatEventRange(event.starts_at, event.ends_at, event.timezone, locale);
  const body = html`<main class="wrap" style="max-width:640px;padding-top:32px">
  <section class="card">
    <div class="alert ok" role="status">${tr('confirm.title')}</div>
    <h1>${event.title}</h1>
    <p>${tr('confirm.body', { title: event.title })}</p>
    <p><strong>${when}</strong><br><span class="muted">${formatZone(event.starts_at, event.timezone, locale)}</span></p>
    <h2>${tr('confirm.join_link')}</h2>
    <div class="joinlink"><span id="join-url">${joinUrl}</span>
      <button class="btn secondary" type="button" data-copy="#join-url" data-copied="${tr('confirm.copied')}" hidden>${tr('confirm.copy')}</button></div>
    <p class="muted">${tr('confirm.join_hint')}</p>
    <div class="actions">
      <a class="btn" href="${joinUrl}">${tr('confirm.open_room')}</a>
      <a class="btn secondary" href="/e/${event.slug}/registered/${input.joinToken}/calendar.ics" download="${event.slug}.ics">${tr('confirm.add_calendar')}</a>
    </div>
  </section>
</main>`;
  return layout(
    locale,
    {
      title: `${tr('confirm.title')} · ${event.title}`,
      description: when,
      url: `${input.baseUrl}/e/${event.slug}`,
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
    html`<main class="wrap" style="max-width:640px;padding-top:48px"><section class="card"><h1>${title}</h1><p>${message}</p></section></main>`,
  );
}
