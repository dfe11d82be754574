// Entry of the audience's room panel. The live room page (GET /j/:token) renders
// <aside id="lc-room-panel" data-event-id data-join-token data-locale> and loads this
// script. Open-access events have no join token: the viewer picks a display name first.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { RoomClient } from './room/client.js';
import { type Translate, translator } from './room/i18n.js';
import { InviteBanner } from './room/invite.js';
import { AudiencePanel } from './room/panel.js';
import { installStyles } from './room/styles.js';
import { html } from './room/ui.js';

const NAME_KEY = 'lc-room-name';
const VIEWER_KEY = 'lc-room-viewer';

function socketUrl(eventId: string, query: Record<string, string>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/v1/events/${encodeURIComponent(eventId)}/room/socket?${new URLSearchParams(query)}`;
}

/** Counts watch time while the page's player (if any) is playing, else while the page is visible. */
function isPlaying(): boolean {
  const video = document.querySelector('video');
  return video ? !video.paused && !video.ended : document.visibilityState === 'visible';
}

function NameForm({ t, onJoin }: { t: Translate; onJoin: (name: string) => void }) {
  const [name, setName] = useState(localStorage.getItem(NAME_KEY) ?? '');
  const submit = (e: Event) => {
    e.preventDefault();
    const clean = name.trim();
    if (!clean) return;
    localStorage.setItem(NAME_KEY, clean);
    onJoin(clean);
  };
  return html`<div class="lcr"><form class="lcr-body" onSubmit=${submit}>
    <h2 class="lcr-title">${t('room.name.title')}</h2>
    <label class="lcr-field"><span>${t('room.name.label')}</span>
      <input name="name" maxlength="40" required value=${name} onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)} /></label>
    <button class="lcr-btn" type="submit">${t('room.name.join')}</button>
  </form></div>`;
}

function mount(root: HTMLElement): void {
  const eventId = root.dataset.eventId ?? '';
  const joinToken = root.dataset.joinToken ?? '';
  const locale = root.dataset.locale || document.documentElement.lang || navigator.language;
  const t = translator(locale);
  installStyles();
  const start = (name?: string) => {
    const client = new RoomClient(() => {
      if (joinToken) return socketUrl(eventId, { token: joinToken });
      const viewer = localStorage.getItem(VIEWER_KEY);
      return socketUrl(eventId, { name: name ?? '', ...(viewer ? { viewer } : {}) });
    }, isPlaying);
    client.connect();
    const invite = joinToken ? html`<${InviteBanner} token=${joinToken} locale=${locale} />` : null;
    render(html`<${AudiencePanel} client=${client} t=${t} locale=${locale} invite=${invite} />`, root);
  };
  if (joinToken) start();
  else render(html`<${NameForm} t=${t} onJoin=${start} />`, root);
}

const root = document.getElementById('lc-room-panel');
if (root) mount(root);
