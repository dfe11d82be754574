import { attachHls, type Detach } from '../audience/lib/hls.js';

/**
 * The studio page: backstage preview, stream health refreshed every 2 s, Go live / End,
 * stream key show / copy / rotate. Talks to /api/v1/events/:id/live/… with the session's
 * CSRF token.
 */
interface Health {
  connected_seconds: number;
  video: {
    codec: string | null;
    width: number | null;
    height: number | null;
    fps: number;
    kbps: number;
  } | null;
  audio: { codec: string | null; kbps: number } | null;
  late_ms: number;
  dropped_frames: number;
  packager_restarts: number;
  unsupported: string | null;
}
interface Status {
  state: 'offline' | 'backstage' | 'live' | 'ended' | 'replay';
  preview: string | null;
  health: Health | null;
  replay: { status: string; error: string | null };
}
interface Config {
  eventId: string;
  csrfToken: string;
  status: Status;
  messages: Record<string, string>;
}

const config = JSON.parse(document.getElementById('lc-studio-config')?.textContent ?? '{}') as Config;
const msg = (key: string, params: Record<string, string> = {}) =>
  (config.messages[key] ?? key).replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const api = `/api/v1/events/${encodeURIComponent(config.eventId)}/live`;

const video = $<HTMLVideoElement>('lc-preview');
const errorBox = $('lc-error');
let previewUrl = '';
let detach: Detach | undefined;

async function call(method: string, path: string): Promise<unknown> {
  const res = await fetch(`${api}${path}`, { method, headers: { 'x-csrf-token': config.csrfToken } });
  const body = (await res.json().catch(() => ({}))) as { error?: { message: string } };
  if (!res.ok) throw new Error(body.error?.message ?? res.statusText);
  return body;
}

function showError(text: string | null) {
  errorBox.hidden = !text;
  errorBox.textContent = text ?? '';
}

const fmtSeconds = (s: number) =>
  [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');

function renderHealth(h: Health | null) {
  const values: Record<string, string> = h
    ? {
        connected: fmtSeconds(h.connected_seconds),
        resolution: h.video?.width ? `${h.video.width}×${h.video.height}` : '—',
        fps: h.video ? String(h.video.fps) : '—',
        videoBitrate: h.video ? `${h.video.kbps} kbps` : '—',
        audioBitrate: h.audio ? `${h.audio.kbps} kbps` : '—',
        codec: [h.video?.codec, h.audio?.codec].filter(Boolean).join(' / ') || '—',
        late: `${(h.late_ms / 1000).toFixed(1)} s`,
        dropped: String(h.dropped_frames),
        restarts: String(h.packager_restarts),
      }
    : {};
  for (const el of document.querySelectorAll<HTMLElement>('[data-health]'))
    el.textContent = values[el.dataset.health ?? ''] ?? '—';
}

function render(status: Status) {
  const state = $('lc-state');
  state.dataset.state = status.state;
  state.textContent = msg(`live.studio.state.${status.state}`);
  renderHealth(status.health);
  const unsupported = status.health?.unsupported;
  if (unsupported) showError(msg('live.studio.unsupported', { codec: unsupported }));
  else if (status.replay.status === 'failed')
    showError(msg('live.studio.replayFailed', { error: status.replay.error ?? '' }));
  else if (errorBox.dataset.sticky !== '1') showError(null);
  $<HTMLButtonElement>('lc-go-live').disabled = status.state !== 'backstage';
  $<HTMLButtonElement>('lc-end').disabled = status.state !== 'live';
  const wanted = status.state === 'offline' ? '' : (status.preview ?? '');
  if (wanted !== previewUrl) {
    detach?.();
    previewUrl = wanted;
    detach = wanted ? attachHls(video, wanted, { live: status.state !== 'replay' }) : undefined;
  }
}

async function refresh() {
  try {
    render((await call('GET', '')) as Status);
  } catch {
    // transient: the next refresh retries
  }
}

function action(id: string, path: string, confirmKey?: string) {
  $(id).addEventListener('click', async () => {
    if (confirmKey && !window.confirm(msg(confirmKey))) return;
    try {
      errorBox.dataset.sticky = '0';
      await call('POST', path);
      await refresh();
    } catch (err) {
      errorBox.dataset.sticky = '1';
      showError((err as Error).message);
    }
  });
}

action('lc-go-live', '/go-live');
action('lc-end', '/end', 'live.studio.endConfirm');

const key = $('lc-key');
const keyNote = $('lc-key-note');
const showKey = $('lc-key-show');
showKey.addEventListener('click', () => {
  const shown = key.textContent === key.dataset.key;
  key.textContent = shown ? '••••••••••••' : (key.dataset.key ?? '');
  showKey.setAttribute('aria-pressed', String(!shown));
});
$('lc-key-copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(key.dataset.key ?? '');
    keyNote.textContent = msg('live.studio.copied');
  } catch (err) {
    showError((err as Error).message);
  }
});
$('lc-key-rotate').addEventListener('click', async () => {
  if (!window.confirm(msg('live.studio.rotateConfirm'))) return;
  try {
    const body = (await call('POST', '/stream-key/rotate')) as { stream_key: string };
    key.dataset.key = body.stream_key;
    key.textContent = body.stream_key;
  } catch (err) {
    showError((err as Error).message);
  }
});

render(config.status);
setInterval(refresh, 2000);
