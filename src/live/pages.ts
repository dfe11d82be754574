import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tokensCss } from '../../web/shared/tokens.js';
import type { Accounts } from '../accounts/accounts.js';
import type { Config } from '../config.js';
import type { Assets } from '../http/assets.js';
import { hasPermission, resolveActor } from '../http/guard.js';
import { clientMessages, type Locale, translator } from '../i18n/index.js';
import { preferredLocale } from '../pages/locale.js';
import type { EventRow } from './events-port.js';
import { esc, jsonIsland, page } from './html.js';
import type { LiveService } from './service.js';

/** The parts of the room page the pages domain renders (see src/pages/room-intro.ts). */
export type RoomIntro = (
  event: EventRow,
  locale: Locale,
  joinToken: string | null,
  beforeLive: boolean,
) => Promise<{ cover: string; info: string }>;

const ROOM_CSS = `${tokensCss}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#0b0d12;color:#e8eaf0}
a{color:#9db7ff}img{max-width:100%;display:block}picture{display:contents}
.lc-room{display:grid;grid-template-columns:1fr;min-height:100vh}
.lc-stage{position:relative;width:100%;aspect-ratio:16/9;background:#000;overflow:hidden}
.lc-stage video{width:100%;height:100%;display:block;background:#000}
.lc-cover{position:absolute;inset:0;width:100%;height:100%;object-fit:contain;background:#000}
.lc-slate{position:absolute;inset:0;display:flex;flex-direction:column;align-items:center;justify-content:center;text-align:center;padding:1rem;background:linear-gradient(135deg,#1b2440,#0b0d12)}
.lc-cover+.lc-slate,.lc-cover-box+.lc-slate{justify-content:flex-end;background:linear-gradient(to top,rgba(5,7,12,.92),rgba(5,7,12,.55) 45%,transparent 75%)}
.lc-slate h2{margin:.2rem 0;font-size:clamp(1.1rem,4vw,2rem)}.lc-slate p{margin:.2rem 0;opacity:.9}
.lc-countdown{font-variant-numeric:tabular-nums;font-size:clamp(1.2rem,5vw,2.6rem);font-weight:700}
.lc-badge{position:absolute;top:.6rem;left:.6rem;background:#e02424;color:#fff;border-radius:4px;padding:0 .5rem;font-size:.8rem;font-weight:700;text-transform:uppercase}
.lc-unmute,.lc-ll{position:absolute;bottom:3.4rem;right:.6rem;border:0;border-radius:4px;padding:.4rem .7rem;background:#fff;color:#000;font-weight:600;cursor:pointer}
.lc-ll{bottom:auto;top:.6rem;right:.6rem;background:rgba(255,255,255,.85);font-size:.8rem}
.lc-info{padding:.8rem 1rem 1.5rem}.lc-info h1{font-size:1.25rem;margin:0 0 .3rem}
.lc-intro{display:grid;gap:.9rem;max-width:900px}
.when{margin:0;font-weight:600}.when .local{display:block;font-weight:400;color:#b7bdcc}
.muted{color:#b7bdcc;font-size:.9rem}
.card{background:#151925;border:1px solid #262c3b;border-radius:10px;padding:1rem}.card h2{font-size:1.05rem;margin:0 0 .6rem}
h3{font-size:inherit;margin:0}
.btn{display:inline-block;border:0;border-radius:8px;background:var(--lc-brand);color:var(--lc-brand-ink);font:inherit;font-weight:600;padding:.6rem 1.1rem;cursor:pointer;text-decoration:none}
.addcal{position:relative;justify-self:start}.addcal summary{list-style:none}.addcal summary::-webkit-details-marker{display:none}
.addcal ul{position:absolute;z-index:3;margin:.3rem 0 0;padding:.3rem 0;list-style:none;background:#1c2131;border:1px solid #2e3547;border-radius:8px;min-width:230px}
.addcal li a{display:block;padding:.55rem .9rem;text-decoration:none}.addcal li a:hover,.addcal li a:focus{background:#262d42}
.zone-note{margin:-.3rem 0 .4rem}
.agenda{list-style:none;margin:0;padding:0}.agenda li{display:grid;grid-template-columns:minmax(96px,max-content) 1fr;gap:.8rem;padding:.55rem 0;border-top:1px solid #262c3b}
.agenda li:first-child{border-top:0}.agenda li p{margin:.1rem 0 0}.agenda time{white-space:nowrap;font-variant-numeric:tabular-nums;color:#b7bdcc;font-size:.9rem}
.session,.speaker .name{font-weight:600}
.speakers{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:.8rem;list-style:none;margin:0;padding:0}
.speaker{display:flex;gap:.7rem;align-items:flex-start}.speaker p{margin:.2rem 0 0}
.speaker img,.avatar{width:52px;height:52px;border-radius:50%;object-fit:cover;flex:none;background:#262c3b}
.avatar{display:flex;align-items:center;justify-content:center;font-weight:700;color:#b7bdcc}
.offer-list{list-style:none;margin:0;padding:0;display:grid;gap:.8rem}.offer p{margin:.2rem 0}
.speaker .tier{font-size:.72rem;color:#9db7ff;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
#lc-room-panel{min-height:420px;border-top:1px solid #222}
.lc-countdown{min-height:1.5em}
.lc-intro .when .local{min-height:1.5em}.lc-intro .when .local[hidden]{display:block!important;visibility:hidden}
@media (min-width:900px){.lc-room{grid-template-columns:minmax(0,1fr) 360px}
.lc-main{grid-column:1}#lc-room-panel{grid-column:2;grid-row:1;border-top:0;border-left:1px solid #222;height:100vh;position:sticky;top:0}}
@media (orientation:landscape) and (max-height:560px){.lc-room{grid-template-columns:minmax(0,1fr) minmax(260px,42%);height:100vh;min-height:0}
.lc-main{overflow-y:auto;height:100vh}#lc-room-panel{grid-column:2;grid-row:1;border-top:0;border-left:1px solid #222;height:100vh;min-height:0;overflow:hidden}
#lc-room-panel .lcr{min-height:0}}
[hidden]{display:none!important}`;

/** Server-rendered live room and studio pages. */
export function livePages(
  app: FastifyInstance,
  deps: {
    live: LiveService;
    accounts: Accounts;
    config: Config;
    assets: Assets;
    /** The title, time, calendar, agenda and speakers under the stage, and the cover for the slate. */
    intro: RoomIntro;
  },
) {
  const { live, accounts, config, assets, intro } = deps;
  const statusLimit = { max: config.rateLimits.publicPerMinute, timeWindow: 60_000 };

  const localeFor = (req: FastifyRequest, preferred?: string): Locale =>
    preferredLocale(req, preferred, config.defaultLocale);

  const sendHtml = (reply: FastifyReply, html: string, status = 200) =>
    reply
      .status(status)
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'SAMEORIGIN')
      .header('referrer-policy', 'no-referrer') // the join token is in the URL: never leak it
      .type('text/html; charset=utf-8')
      .send(html);

  const roomPage = async (
    reply: FastifyReply,
    event: EventRow,
    locale: Locale,
    statusUrl: string,
    joinToken: string | null,
    registrationId: string | null,
  ) => {
    const t = translator(locale);
    const status = await live.roomStatus(event, { registrationId });
    const locked = status.replay_locked;
    const slate: { title: string; hint: string; params: Record<string, number> } = locked
      ? {
          title: 'live.room.replayLocked',
          hint:
            locked.remaining === 1 ? 'live.room.replayLockedHint.one' : 'live.room.replayLockedHint.other',
          params: { remaining: locked.remaining, goal: locked.goal },
        }
      : status.state === 'ended'
        ? { title: 'live.room.ended', hint: 'live.room.endedHint', params: {} }
        : { title: 'live.room.startingSoon', hint: 'live.room.waiting', params: {} };
    const { cover, info } = await intro(event, locale, joinToken, status.state === 'starting_soon');
    const scripts = [
      assets.has('audience/landing.ts')
        ? `<script type="module" src="${assets.script('audience/landing.ts')}"></script>`
        : '',
      assets.has('audience/player.ts')
        ? `<script type="module" src="${assets.script('audience/player.ts')}"></script>`
        : '',
      assets.has('audience/room-panel.ts')
        ? `<script type="module" src="${assets.script('audience/room-panel.ts')}"></script>`
        : '',
    ].join('\n');
    const body = `
<div class="lc-room">
  <main class="lc-main">
    <div class="lc-stage" id="lc-stage">
      <video id="lc-video" playsinline muted hidden></video>
      <span class="lc-badge" id="lc-badge" hidden>${esc(t('live.room.live'))}</span>
      ${cover}
      <div class="lc-slate" id="lc-slate">
        <h2 id="lc-slate-title">${esc(t(slate.title))}</h2>
        <div class="lc-countdown" id="lc-countdown"></div>
        <p id="lc-slate-hint">${esc(t(slate.hint, slate.params))}</p>
      </div>
    </div>
    <div class="lc-info">${info}</div>
  </main>
  <aside id="lc-room-panel" data-event-id="${esc(event.id)}" data-join-token="${esc(joinToken ?? '')}" data-locale="${esc(locale)}"></aside>
</div>
${jsonIsland('lc-live-config', { statusUrl, status, locale, messages: clientMessages(locale, ['live.room.']) })}
${scripts}`;
    return sendHtml(
      reply,
      page({
        lang: locale,
        title: t('live.room.title', { title: event.title }),
        head: `<style>${ROOM_CSS}</style>`,
        body,
      }),
    );
  };

  const notFoundPage = (reply: FastifyReply, locale: Locale) =>
    sendHtml(
      reply,
      page({
        lang: locale,
        title: 'LeadCast',
        head: `<style>${ROOM_CSS}</style>`,
        body: `<p class="lc-info">${esc(translator(locale)('live.room.notFound'))}</p>`,
      }),
      404,
    );

  app.get<{ Params: { token: string } }>(
    '/j/:token',
    { config: { rateLimit: statusLimit } },
    async (req, reply) => {
      const found = await live.events.byJoinToken(req.params.token);
      if (!found) return notFoundPage(reply, localeFor(req));
      return roomPage(
        reply,
        found.event,
        localeFor(req, found.locale),
        `/j/${encodeURIComponent(req.params.token)}/status`,
        req.params.token,
        found.registrationId,
      );
    },
  );

  // Keyed by join token, not IP: many attendees can share one office NAT address.
  app.get<{ Params: { token: string } }>(
    '/j/:token/status',
    {
      config: {
        rateLimit: { ...statusLimit, keyGenerator: (req) => (req.params as { token: string }).token },
      },
    },
    async (req, reply) => {
      const found = await live.events.byJoinToken(req.params.token);
      if (!found)
        return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'Join link not found' } });
      return reply
        .header('cache-control', 'no-store')
        .send(await live.roomStatus(found.event, { registrationId: found.registrationId }));
    },
  );

  const openEvent = async (slug: string) => {
    const event = await live.events.bySlug(slug);
    return event && event.status !== 'draft' ? event : undefined;
  };

  app.get<{ Params: { slug: string } }>(
    '/e/:slug/live',
    { config: { rateLimit: statusLimit } },
    async (req, reply) => {
      const event = await openEvent(req.params.slug);
      if (!event) return notFoundPage(reply, localeFor(req));
      if (event.access !== 'open') return reply.redirect(`/e/${encodeURIComponent(event.slug)}#register`);
      return roomPage(
        reply,
        event,
        localeFor(req, event.language),
        `/e/${encodeURIComponent(event.slug)}/live/status`,
        null,
        null,
      );
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/e/:slug/live/status',
    { config: { rateLimit: statusLimit } },
    async (req, reply) => {
      const event = await openEvent(req.params.slug);
      if (event?.access !== 'open')
        return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'Event not found' } });
      return reply
        .header('cache-control', 'no-store')
        .send(await live.roomStatus(event, { registrationId: null }));
    },
  );

  app.get<{ Params: { eventId: string } }>('/studio/:eventId', async (req, reply) => {
    const actor = await resolveActor(accounts, req).catch(() => null);
    const next = encodeURIComponent(`/studio/${req.params.eventId}`);
    if (actor?.kind !== 'user') return reply.redirect(`/admin/?next=${next}#/sign-in`);
    const locale = localeFor(req, actor.user.locale);
    if (!hasPermission(actor, 'live:produce'))
      return sendHtml(reply, page({ lang: locale, title: 'LeadCast', body: '<p>403</p>' }), 403);
    const event = await live.events.get(req.params.eventId);
    const row = await live.stream(event.id);
    return sendHtml(
      reply,
      studioHtml({
        event,
        locale,
        ingest: live.ingestSettings(row),
        status: await live.studioStatus(event.id),
        csrfToken: actor.csrfToken,
        assets,
      }),
    );
  });
}

const STUDIO_CSS = `${tokensCss}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 var(--lc-font);background:var(--lc-bg);color:var(--lc-ink)}
.lc-studio{display:grid;gap:1rem;padding:1rem;grid-template-columns:1fr}
@media (min-width:1100px){.lc-studio{grid-template-columns:minmax(0,1fr) 380px}}
section{background:#fff;border-radius:8px;padding:1rem;box-shadow:0 1px 2px rgba(0,0,0,.06)}section+section{margin-top:1rem}
h1{font-size:1.2rem;margin:0 0 .5rem}h2{font-size:1rem;margin:0 0 .5rem}
.lc-preview{aspect-ratio:16/9;background:#000;width:100%;display:block}
.lc-state{font-weight:700;margin:.5rem 0}.lc-state[data-state=live]{color:var(--lc-live)}.lc-state[data-state=backstage]{color:#b45309}
code{background:#eef0f4;padding:.15rem .35rem;border-radius:4px;word-break:break-all}
button{font:inherit;font-weight:600;border:1px solid transparent;border-radius:8px;padding:.5rem 1rem;min-height:40px;cursor:pointer;background:var(--lc-brand-soft);color:var(--lc-brand-dark)}
button:focus-visible,a:focus-visible{outline:2px solid var(--lc-brand);outline-offset:2px}
button.primary{background:var(--lc-live);color:#fff}
button.secondary{background:var(--lc-surface);border-color:var(--lc-line);color:var(--lc-ink)}button.secondary:hover{background:var(--lc-bg)}
button.danger{background:var(--lc-surface);border-color:#f1b4ae;color:var(--lc-danger)}button.danger:hover{background:var(--lc-danger-soft)}
button:disabled{opacity:.5;cursor:not-allowed}
.lc-actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}.lc-note{color:var(--lc-success);font-weight:600}
.lc-studio-top{display:flex;align-items:center;gap:1rem;padding:.75rem 1rem 0}.lc-back{color:var(--lc-brand-dark);font-weight:600;text-decoration:none}.lc-back:hover{text-decoration:underline}
dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;margin:0}dt{color:#555}dd{margin:0;font-variant-numeric:tabular-nums}
.lc-error{color:#c81e1e;font-weight:600}`;

function studioHtml(opts: {
  event: EventRow;
  locale: Locale;
  ingest: { server: string; stream_key: string };
  status: unknown;
  csrfToken: string;
  assets: Assets;
}): string {
  const { event, locale, ingest, assets } = opts;
  const t = translator(locale);
  const healthRows = [
    'connected',
    'resolution',
    'fps',
    'videoBitrate',
    'audioBitrate',
    'codec',
    'late',
    'dropped',
    'restarts',
  ]
    .map((k) => `<dt>${esc(t(`live.studio.${k}`))}</dt><dd data-health="${k}">—</dd>`)
    .join('');
  const scripts = [
    assets.has('studio/studio.ts')
      ? `<script type="module" src="${assets.script('studio/studio.ts')}"></script>`
      : '',
    assets.has('studio/host-panel.ts')
      ? `<script type="module" src="${assets.script('studio/host-panel.ts')}"></script>`
      : '',
  ].join('\n');
  const body = `
<header class="lc-studio-top"><a class="lc-back" href="/admin/#/events/${esc(encodeURIComponent(event.id))}">← ${esc(t('live.studio.back'))}</a></header>
<div class="lc-studio">
  <main>
    <section>
      <h1>${esc(event.title)}</h1>
      <div class="lc-state" id="lc-state"></div>
      <video class="lc-preview" id="lc-preview" playsinline muted controls></video>
      <p class="lc-error" id="lc-error" hidden></p>
      <p class="lc-actions"><button class="primary" id="lc-go-live" type="button">${esc(t('live.studio.goLive'))}</button>
      <button id="lc-end" type="button">${esc(t('live.studio.end'))}</button></p>
    </section>
    <section>
      <h2>${esc(t('live.studio.health'))}</h2>
      <dl id="lc-health">${healthRows}</dl>
    </section>
    <section>
      <h2>${esc(t('live.studio.guideTitle'))}</h2>
      <p><a href="/studio/${esc(event.id)}/browser">${esc(t('studio.host.open'))}</a></p>
      <p>${esc(t('live.studio.server'))}: <code id="lc-server">${esc(ingest.server)}</code></p>
      <p>${esc(t('live.studio.key'))}: <code id="lc-key" data-key="${esc(ingest.stream_key)}">••••••••••••</code></p>
      <p class="lc-actions"><button type="button" class="secondary" id="lc-key-show" aria-pressed="false">${esc(t('live.studio.show'))}</button>
        <button type="button" class="secondary" id="lc-key-copy">${esc(t('live.studio.copy'))}</button>
        <button type="button" class="danger" id="lc-key-rotate">${esc(t('live.studio.rotate'))}</button>
        <span class="lc-note" id="lc-key-note" role="status"></span></p>
      <ol>${[1, 2, 3, 4, 5].map((i) => `<li>${esc(t(`live.studio.guide${i}`))}</li>`).join('')}</ol>
    </section>
  </main>
  <aside id="lc-host-panel" data-event-id="${esc(event.id)}" aria-label="${esc(t('live.studio.panel'))}"></aside>
</div>
${jsonIsland('lc-studio-config', { eventId: event.id, csrfToken: opts.csrfToken, status: opts.status, locale, messages: clientMessages(locale, ['live.studio.', 'live.error.']) })}
${scripts}`;
  return page({
    lang: locale,
    title: t('live.studio.title', { title: event.title }),
    head: `<style>${STUDIO_CSS}</style>`,
    body,
  });
}
