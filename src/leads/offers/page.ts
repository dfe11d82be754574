import { type Locale, translator } from '../../i18n/index.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { layout } from '../../pages/layout.js';
import type { FormValues } from '../forms/render.js';
import { renderField } from '../forms/render.js';
import { type GateField, gateFormFields } from './gate.js';

interface PageOffer {
  id: string;
  title: string;
  description: string;
  cta_label: string;
  requires_form: number;
}

/** Each registration's own link to an offer: its join token (a secret) and the offer. */
export const offerLink = (token: string, offerId: string) =>
  `/o/${encodeURIComponent(token)}/${encodeURIComponent(offerId)}`;

/**
 * The offers a page shows (confirmation, replay), each a card whose button is the
 * registration's own link; empty when there are none or no registration to link them to.
 */
export function offersSection(offers: PageOffer[], token: string | null, locale: Locale): SafeHtml | '' {
  if (offers.length === 0 || !token) return '';
  const tr = translator(locale);
  return html`<section class="card offers" aria-labelledby="offers-title">
  <h2 id="offers-title">${tr('offers.title')}</h2>
  <ul class="offer-list">${offers.map(
    (o) => html`<li class="offer">
    <h3>${o.title}</h3>
    ${o.description ? html`<p>${o.description}</p>` : ''}
    <a class="btn secondary" href="${offerLink(token, o.id)}" rel="nofollow">${o.cta_label}</a>
    ${o.requires_form === 1 ? html`<p class="muted">${tr('offers.gated_hint')}</p>` : ''}
  </li>`,
  )}</ul>
</section>`;
}

/** The short form before a gated offer's download: only the fields not known yet, errors beside each. */
export function renderGatePage(input: {
  offer: { id: string; title: string; description: string; cta_label: string };
  eventTitle: string;
  token: string;
  fields: GateField[];
  values: FormValues;
  errors: Record<string, string>;
  locale: Locale;
  baseUrl: string;
}): string {
  const { offer, locale } = input;
  const tr = translator(locale);
  const action = offerLink(input.token, offer.id);
  const hasErrors = Object.keys(input.errors).length > 0;
  const body = html`<main class="wrap confirm">
  <section class="card">
    <p class="muted">${input.eventTitle}</p>
    <h1>${offer.title}</h1>
    ${offer.description ? html`<p>${offer.description}</p>` : ''}
    ${hasErrors ? html`<div class="alert error" role="alert">${tr('offers.gate.fix')}</div>` : ''}
    <p>${tr('offers.gate.intro')}</p>
    <form method="post" action="${action}" novalidate>
      ${gateFormFields(input.fields).map((f) => renderField(f, locale, input.values, input.errors))}
      <button class="btn" type="submit">${offer.cta_label}</button>
    </form>
  </section>
</main>`;
  return layout(
    locale,
    {
      title: `${offer.title} · ${input.eventTitle}`,
      description: offer.description || offer.title,
      url: `${input.baseUrl}${action}`,
      noindex: true,
    },
    body,
  );
}
