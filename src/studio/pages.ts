import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Accounts } from '../accounts/accounts.js';
import type { Config } from '../config.js';
import type { Assets } from '../http/assets.js';
import { hasPermission, resolveActor } from '../http/guard.js';
import { clientMessages, type Locale, translator } from '../i18n/index.js';
import { esc, jsonIsland, page } from '../live/html.js';
import type { LiveService } from '../live/service.js';
import { preferredLocale } from '../pages/locale.js';
import { corners, layouts } from './layout.js';
import { MAX_GUESTS } from './scene.js';
import type { Studio } from './studio.js';

const CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f4f5f8;color:#1b1f2a}
main{display:grid;gap:1rem;padding:1rem;max-width:1500px;margin:0 auto}
@media (min-width:1100px){.bs{grid-template-columns:minmax(0,1fr) 400px}.bs>header,.bs>.bs-phone{grid-column:1/-1}}
section{background:#fff;border-radius:8px;padding:1rem;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h1{font-size:1.25rem;margin:0}h2{font-size:1rem;margin:0 0 .6rem}
header{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
canvas,video.stage{width:100%;aspect-ratio:16/9;background:#000;display:block;border-radius:4px}
button{font:inherit;border:1px solid #c8ccd6;border-radius:6px;padding:.45rem .9rem;cursor:pointer;background:#fff;color:#1b1f2a}
button.primary{background:#c81e1e;border-color:#c81e1e;color:#fff}button.go{background:#2f5fe0;border-color:#2f5fe0;color:#fff}
button:disabled{opacity:.5;cursor:not-allowed}button:focus-visible,select:focus-visible,input:focus-visible{outline:3px solid #2f5fe0;outline-offset:2px}
.row{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center;margin:.6rem 0}
fieldset{border:0;padding:0;margin:0 0 .8rem}legend{font-weight:600;margin-bottom:.3rem}
.choices{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:.3rem}
.choices label{display:flex;gap:.4rem;align-items:center;border:1px solid #dde0e7;border-radius:6px;padding:.35rem .5rem;cursor:pointer}
label.field{display:grid;gap:.2rem;margin:.4rem 0}select{font:inherit;padding:.35rem;border-radius:6px;border:1px solid #c8ccd6}
.state{font-weight:700}.state[data-state=live]{color:#c81e1e}.state[data-state=backstage]{color:#92400e}
.message{color:#c81e1e;font-weight:600}
.people{list-style:none;margin:0;padding:0;display:grid;gap:.6rem}
.people li{display:grid;grid-template-columns:112px 1fr;gap:.6rem;align-items:start;border:1px solid #e4e6ec;border-radius:8px;padding:.5rem}
.people video{width:112px;aspect-ratio:16/9;background:#1b1f2a;object-fit:cover;border-radius:4px}
.people .name{font-weight:600}.people .who{font-size:.85rem;color:#4b5263}
.badge{display:inline-block;font-size:.75rem;font-weight:700;border-radius:999px;padding:0 .5rem;background:#eef0f4;color:#374151}
.badge[data-status=onStage]{background:#fde2e2;color:#9b1c1c}.badge[data-status=greenRoom]{background:#def7ec;color:#03543f}
meter{width:100%;height:.6rem}
code{background:#eef0f4;padding:.1rem .3rem;border-radius:4px;word-break:break-all;font-size:.8rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;margin:.6rem 0 0}dt{color:#555}dd{margin:0;font-variant-numeric:tabular-nums}
.bs-phone{display:none;background:#fff4d6;border:1px solid #f0c36d;border-radius:8px;padding:.8rem;margin:0}
@media (max-width:760px),(pointer:coarse) and (max-width:1024px){.bs-phone{display:block}}
.bg{max-width:760px}.bg video.self{width:100%;max-height:50vh;aspect-ratio:auto;background:#000;border-radius:6px;transform:scaleX(-1)}
[hidden]{display:none!important}`;

/** The host's browser studio (`/studio/:eventId/browser`) and the guest page (`/g/:token`). */
export function studioPages(
  app: FastifyInstance,
  deps: { live: LiveService; studio: Studio; accounts: Accounts; config: Config; assets: Assets },
) {
  const { live, studio, accounts, config, assets } = deps;
  const limit = { max: config.rateLimits.publicPerMinute, timeWindow: 60_000 };
  const localeFor = (req: FastifyRequest, preferred?: string): Locale =>
    preferredLocale(req, preferred, config.defaultLocale);
  const send = (reply: FastifyReply, html: string, status = 200) =>
    reply
      .status(status)
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer') // the guest token is in the URL
      .header('permissions-policy', 'camera=(self), microphone=(self), display-capture=(self)')
      .type('text/html; charset=utf-8')
      .send(html);
  const script = (entry: string) =>
    assets.has(entry) ? `<script type="module" src="${assets.script(entry)}"></script>` : '';

  app.get<{ Params: { eventId: string } }>('/studio/:eventId/browser', async (req, reply) => {
    const actor = await resolveActor(accounts, req).catch(() => null);
    const next = encodeURIComponent(`/studio/${req.params.eventId}/browser`);
    if (actor?.kind !== 'user') return reply.redirect(`/admin/?next=${next}#/sign-in`);
    const locale = localeFor(req, actor.user.locale);
    if (!hasPermission(actor, 'live:produce'))
      return send(reply, page({ lang: locale, title: 'LeadCast', body: '<p>403</p>' }), 403);
    const event = await live.events.get(req.params.eventId);
    const t = translator(locale);
    const radio = (name: string, values: readonly string[], checked: string) =>
      values
        .map(
          (v) =>
            `<label><input type="radio" name="${name}" value="${v}"${v === checked ? ' checked' : ''}> ${esc(t(`studio.host.${name}.${v}`))}</label>`,
        )
        .join('');
    const health = [
      'connected',
      'resolution',
      'fps',
      'videoBitrate',
      'audioBitrate',
      'codec',
      'late',
      'dropped',
    ]
      .map((k) => `<dt>${esc(t(`live.studio.${k}`))}</dt><dd data-health="${k}">—</dd>`)
      .join('');
    const body = `
<main class="bs">
  <header>
    <h1>${esc(t('studio.host.heading'))} — ${esc(event.title)}</h1>
    <span class="state" id="bs-state" role="status" aria-live="polite"></span>
    <a href="/studio/${esc(event.id)}">${esc(t('studio.host.rtmpLink'))}</a>
  </header>
  <p class="bs-phone" role="note">${esc(t('studio.host.phone'))}</p>
  <div>
    <section aria-labelledby="bs-programme-h">
      <h2 id="bs-programme-h">${esc(t('studio.host.programme'))}</h2>
      <canvas id="bs-canvas" role="img" aria-label="${esc(t('studio.host.canvasLabel'))}"></canvas>
      <p id="bs-source" class="row" hidden>${esc(t('studio.host.sourceRtmp'))} <button type="button" id="bs-use-studio">${esc(t('studio.host.useStudio'))}</button></p>
      <div class="row">
        <button type="button" class="go" id="bs-publish">${esc(t('studio.host.start'))}</button>
        <button type="button" class="primary" id="bs-go-live" disabled>${esc(t('live.studio.goLive'))}</button>
        <button type="button" id="bs-end" disabled>${esc(t('live.studio.end'))}</button>
      </div>
      <p id="bs-publish-state" role="status" aria-live="polite"></p>
      <p class="message" id="bs-message" role="alert" hidden></p>
    </section>
    <section aria-labelledby="bs-scene-h" style="margin-top:1rem">
      <h2 id="bs-scene-h">${esc(t('studio.host.scene'))}</h2>
      <fieldset><legend>${esc(t('studio.host.layout'))}</legend><div class="choices">${radio('layout', layouts, 'speaker')}</div></fieldset>
      <fieldset><legend>${esc(t('studio.host.corner'))}</legend><div class="choices">${radio('corner', corners, 'bottom_right')}</div></fieldset>
      <label class="field">${esc(t('studio.host.lowerThird'))}<select id="bs-lower-third"><option value="">${esc(t('studio.host.lowerThirdNone'))}</option></select></label>
      <div class="row">
        <button type="button" id="bs-share">${esc(t('studio.host.share'))}</button>
        <label><input type="checkbox" id="bs-screen-audio"> ${esc(t('studio.host.screenAudio'))}</label>
      </div>
    </section>
    <section aria-labelledby="bs-backstage-h" style="margin-top:1rem">
      <h2 id="bs-backstage-h">${esc(t('studio.host.backstage'))}</h2>
      <video class="stage" id="bs-preview" playsinline muted controls></video>
      <dl>${health}</dl>
    </section>
  </div>
  <div>
    <section aria-labelledby="bs-devices-h">
      <h2 id="bs-devices-h">${esc(t('studio.host.devices'))}</h2>
      <label class="field">${esc(t('studio.host.camera'))}<select id="bs-camera"></select></label>
      <label class="field">${esc(t('studio.host.microphone'))}<select id="bs-microphone"></select></label>
    </section>
    <section aria-labelledby="bs-guests-h" style="margin-top:1rem">
      <h2 id="bs-guests-h">${esc(t('studio.host.guests'))}</h2>
      <form class="row" id="bs-invite"><label class="field">${esc(t('studio.host.inviteFor'))}<select id="bs-invite-speaker" required></select></label><button type="submit">${esc(t('studio.host.invite'))}</button></form>
      <p id="bs-guest-count" class="who"></p>
      <ul class="people" id="bs-people" aria-live="polite"></ul>
    </section>
  </div>
</main>
${jsonIsland('lc-browser-studio', {
  eventId: event.id,
  csrfToken: actor.csrfToken,
  locale,
  maxGuests: MAX_GUESTS,
  messages: clientMessages(locale, ['studio.', 'live.studio.']),
})}
${script('studio/browser-host.ts')}`;
    return send(
      reply,
      page({
        lang: locale,
        title: t('studio.host.title', { title: event.title }),
        head: `<style>${CSS}</style>`,
        body,
      }),
    );
  });

  app.get<{ Params: { token: string } }>(
    '/g/:token',
    { config: { rateLimit: limit } },
    async (req, reply) => {
      const guest = await studio.guestByToken(req.params.token);
      if (!guest) {
        const locale = localeFor(req);
        return send(
          reply,
          page({
            lang: locale,
            title: 'LeadCast',
            head: `<style>${CSS}</style>`,
            body: `<main class="bg"><section><p>${esc(translator(locale)('studio.guest.notFound'))}</p></section></main>`,
          }),
          404,
        );
      }
      const event = await live.events.get(guest.eventId);
      const locale = localeFor(req, event.language);
      const t = translator(locale);
      const body = `
<main class="bg">
  <header><h1>${esc(event.title)}</h1></header>
  <p>${esc(t('studio.guest.joinAs', { name: [guest.name, guest.title].filter(Boolean).join(', ') }))}</p>
  <section id="bg-check" aria-labelledby="bg-check-h">
    <h2 id="bg-check-h">${esc(t('studio.guest.check'))}</h2>
    <video class="self" id="bg-self" playsinline muted autoplay aria-label="${esc(t('studio.guest.selfLabel'))}"></video>
    <label class="field">${esc(t('studio.guest.level'))}<meter id="bg-level" min="0" max="1" value="0"></meter></label>
    <label class="field">${esc(t('studio.host.camera'))}<select id="bg-camera"></select></label>
    <label class="field">${esc(t('studio.host.microphone'))}<select id="bg-microphone"></select></label>
    <p class="who">${esc(t('studio.guest.checkHint'))}</p>
    <p class="message" id="bg-message" role="alert" hidden></p>
    <div class="row"><button type="button" class="go" id="bg-join" disabled>${esc(t('studio.guest.join'))}</button></div>
  </section>
  <section id="bg-stage" aria-labelledby="bg-stage-h" hidden>
    <h2 id="bg-stage-h">${esc(t('studio.guest.stage'))}</h2>
    <video class="stage" id="bg-programme" playsinline autoplay aria-label="${esc(t('studio.guest.programmeLabel'))}"></video>
    <p id="bg-status" role="status" aria-live="polite">${esc(t('studio.guest.waiting'))}</p>
    <div class="row"><button type="button" id="bg-unmute" hidden>${esc(t('studio.guest.unmute'))}</button><button type="button" id="bg-leave">${esc(t('studio.guest.leave'))}</button></div>
  </section>
</main>
${jsonIsland('lc-studio-guest', {
  eventId: event.id,
  guestId: guest.id,
  token: req.params.token,
  locale,
  messages: clientMessages(locale, ['studio.guest.', 'studio.host.camera', 'studio.host.microphone']),
})}
${script('studio/browser-guest.ts')}`;
      return send(
        reply,
        page({
          lang: locale,
          title: t('studio.guest.title', { title: event.title }),
          head: `<style>${CSS}</style>`,
          body,
        }),
      );
    },
  );
}
