import QRCode from 'qrcode';
import type { Locale } from '../i18n/index.js';
import type { Translate } from '../pages/blocks.js';
import { html, SafeHtml } from '../pages/html.js';
import type { Invitation } from './referrals/invitation.js';

/** A QR code of `url` as inline SVG, labelled for screen readers. */
export async function qrSvg(url: string, label: string): Promise<SafeHtml> {
  const svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return new SafeHtml(
    svg.replace('<svg ', `<svg role="img" aria-label="${html`${label}`}" width="180" height="180" `),
  );
}

/**
 * Share actions as people in this field expect them: copy the link, LinkedIn, X, email, and
 * WeChat as a QR code of the link (WeChat has no share URL: people scan it, then share from
 * WeChat). Plain links and a `<details>`, so everything but "copy" works without JavaScript;
 * the copy button (shown by the page script) sits beside the link written out.
 */
export function shareActions(
  tr: Translate,
  input: { url: string; title: string; wechatQr: SafeHtml; id: string; hint?: string },
): SafeHtml {
  const { url, title, id } = input;
  const q = encodeURIComponent;
  const mail = `mailto:?subject=${q(tr('share.email_subject', { title }))}&body=${q(tr('share.email_body', { title, url }))}`;
  return html`<section class="card share" aria-labelledby="${id}-h">
  <h2 id="${id}-h">${tr('share.title')}</h2>
  ${input.hint ? html`<p class="muted">${input.hint}</p>` : ''}
  <div class="joinlink"><span id="${id}-url">${url}</span>
    <button class="btn secondary" type="button" data-copy="#${id}-url" data-copied="${tr('confirm.copied')}" hidden>${tr('share.copy')}</button></div>
  <ul class="share-list">
    <li><a href="https://www.linkedin.com/sharing/share-offsite/?url=${q(url)}" target="_blank" rel="noopener noreferrer">${tr('share.linkedin')}</a></li>
    <li><a href="https://x.com/intent/tweet?text=${q(title)}&amp;url=${q(url)}" target="_blank" rel="noopener noreferrer">${tr('share.x')}</a></li>
    <li><a href="${mail}">${tr('share.email')}</a></li>
    <li><details class="wechat"><summary>${tr('share.wechat')}</summary>
      <figure>${input.wechatQr}<figcaption class="muted">${tr('share.wechat_hint')}</figcaption></figure></details></li>
  </ul>
</section>`;
}

/** The registrant's invitation poster: a preview and both sizes to download. */
export function posterBlock(tr: Translate, invitation: Invitation): SafeHtml {
  const { story, square } = invitation.poster_urls;
  return html`<section class="card poster" aria-labelledby="poster-h">
  <h2 id="poster-h">${tr('poster.title')}</h2>
  <p class="muted">${tr('poster.hint')}</p>
  <img class="poster-preview" src="${story}" alt="${tr('poster.title')}" width="750" height="1334" loading="lazy">
  <p class="actions"><a class="btn secondary" href="${story}&amp;download=1" download>${tr('poster.story')}</a>
  <a class="btn secondary" href="${square}&amp;download=1" download>${tr('poster.square')}</a></p>
</section>`;
}

/** "2 of 3 colleagues registered": the gate's progress (counted referrals only) and, once reached, the reward. */
export function gateBlock(tr: Translate, locale: Locale, invitation: Invitation): SafeHtml | '' {
  const gate = invitation.gate;
  if (!gate) return '';
  const reward = gate.reward_title ?? (gate.reward_kind === 'replay' ? tr('gate.reward.replay') : '');
  const plural = new Intl.PluralRules(locale).select(gate.remaining) === 'one' ? 'one' : 'other';
  return html`<section class="card gate" aria-labelledby="gate-h" data-gate>
  <h2 id="gate-h">${tr('gate.title')}</h2>
  <p class="gate-progress"><strong data-gate-progress>${tr('gate.progress', { counted: gate.counted, goal: gate.goal })}</strong></p>
  <progress max="${gate.goal}" value="${Math.min(gate.counted, gate.goal)}" aria-labelledby="gate-h">${gate.counted}/${gate.goal}</progress>
  ${
    gate.unlocked
      ? html`<p>${tr('gate.unlocked', { reward })}</p>${gate.reward_url ? html`<p><a class="btn" href="${gate.reward_url}" rel="noopener">${tr('gate.open_reward')}</a></p>` : ''}`
      : html`<p>${tr(`gate.remaining.${plural}`, { remaining: gate.remaining, reward })}</p>`
  }
  <p class="muted">${tr('gate.rules')}</p>
</section>`;
}
