import { attachFlv, lowLatencySupported } from './lib/flv.js';
import type { AttachOptions, Detach } from './lib/hls.js';

/**
 * The live room player. The page embeds its state (lc-live-config); this script keeps
 * it current by polling the status endpoint, and switches between the starting-soon
 * slate with a countdown, the live stream, the "ended" slate and the seekable replay
 * without a reload.
 */
interface Playback {
  hls: string;
  flv: string | null;
}
interface Status {
  state: 'starting_soon' | 'live' | 'ended' | 'replay';
  starts_at: string;
  playback: Playback | null;
  /** The replay is the reward of a referral gate this viewer has not reached yet. */
  replay_locked: { goal: number; remaining: number } | null;
}
interface Config {
  statusUrl: string;
  status: Status;
  locale: string;
  messages: Record<string, string>;
}

const POLL_MS = 4000;
const LL_KEY = 'lc.lowLatency';

const config = JSON.parse(document.getElementById('lc-live-config')?.textContent ?? '{}') as Config;
const msg = (key: string, params: Record<string, string> = {}) =>
  (config.messages[key] ?? key).replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const video = $<HTMLVideoElement>('lc-video');
const stage = $('lc-stage');
const slate = $('lc-slate');
const badge = $('lc-badge');
/** The event's cover behind the slate (absent when the event has none). */
const cover = document.querySelector<HTMLImageElement>('.lc-cover');

let current: Status | undefined;
let playingUrl = '';
let detach: Detach | undefined;
let countdownTimer: ReturnType<typeof setInterval> | undefined;
let lowLatency = localStorage.getItem(LL_KEY) === '1';

function stopPlayback() {
  unmute.hidden = true;
  detach?.();
  detach = undefined;
  playingUrl = '';
  video.hidden = true;
  video.controls = false;
}

function showSlate(
  titleKey: string,
  hintKey: string,
  countdown: boolean,
  params: Record<string, string> = {},
) {
  stopPlayback();
  badge.hidden = true;
  slate.hidden = false;
  if (cover) cover.hidden = false;
  $('lc-slate-title').textContent = msg(titleKey, params);
  $('lc-slate-hint').textContent = msg(hintKey, params);
  clearInterval(countdownTimer);
  const el = $('lc-countdown');
  el.textContent = '';
  if (!countdown || !current) return;
  const startsAt = Date.parse(current.starts_at);
  const tick = () => {
    const left = Math.max(0, startsAt - Date.now());
    el.textContent = left > 0 ? msg('live.room.startsIn', { time: formatDuration(left) }) : '';
  };
  tick();
  countdownTimer = setInterval(tick, 1000);
}

function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const days = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return days > 0 ? `${msg('live.room.days', { d: String(days) })} ${hms}` : hms;
}

/**
 * hls.js (over half a megabyte) is fetched only once there is something to play, so the room
 * before the live stays light on a phone.
 */
function attachHls(target: HTMLVideoElement, url: string, opts: AttachOptions): Detach {
  let stopped = false;
  let inner: Detach | undefined;
  import('./lib/hls.js').then(
    (lib) => {
      if (!stopped) inner = lib.attachHls(target, url, opts);
    },
    () => opts.onFatal?.('the player could not be loaded'),
  );
  return () => {
    stopped = true;
    inner?.();
  };
}

function play(playback: Playback, live: boolean) {
  const useFlv = live && lowLatency && playback.flv !== null && lowLatencySupported();
  const url = useFlv ? (playback.flv as string) : playback.hls;
  if (url === playingUrl) return;
  stopPlayback();
  clearInterval(countdownTimer);
  slate.hidden = true;
  if (cover) cover.hidden = true;
  badge.hidden = !live;
  video.hidden = false;
  video.controls = !live;
  playingUrl = url;
  const fallback = () => {
    if (useFlv) {
      lowLatency = false;
      playingUrl = '';
      play(playback, live);
    }
  };
  const unplayable = () =>
    showSlate('live.room.playError', live ? 'live.room.waiting' : 'live.room.endedHint', false);
  detach = useFlv
    ? attachFlv(video, url, { live, onFatal: fallback })
    : attachHls(video, url, { live, onFatal: unplayable });
  stage.dataset.mode = useFlv ? 'flv' : 'hls';
}

function render(status: Status) {
  const changed = current?.state !== status.state;
  current = status;
  if (status.state === 'live' && status.playback) play(status.playback, true);
  else if (status.state === 'replay' && status.playback) play(status.playback, false);
  else if (status.state === 'replay' && status.replay_locked) {
    // Shown again on every poll: the count of colleagues still to invite may have changed.
    const remaining = status.replay_locked.remaining;
    showSlate(
      'live.room.replayLocked',
      remaining === 1 ? 'live.room.replayLockedHint.one' : 'live.room.replayLockedHint.other',
      false,
      { remaining: String(remaining), goal: String(status.replay_locked.goal) },
    );
  } else if (changed || !slate.hidden) {
    if (status.state === 'ended') showSlate('live.room.ended', 'live.room.endedHint', false);
    else showSlate('live.room.startingSoon', 'live.room.waiting', true);
  }
  stage.dataset.state = status.state;
  lowLatencyToggle();
}

/** Desktop browsers with MSE can switch to the HTTP-FLV path (about a second behind). */
function lowLatencyToggle() {
  let button = document.getElementById('lc-ll') as HTMLButtonElement | null;
  const offer = current?.state === 'live' && current.playback?.flv && lowLatencySupported();
  if (!offer) {
    button?.remove();
    return;
  }
  if (!button) {
    button = document.createElement('button');
    button.id = 'lc-ll';
    button.className = 'lc-ll';
    button.type = 'button';
    button.addEventListener('click', () => {
      lowLatency = !lowLatency;
      localStorage.setItem(LL_KEY, lowLatency ? '1' : '0');
      playingUrl = '';
      if (current?.playback) play(current.playback, true);
      lowLatencyToggle();
    });
    stage.append(button);
  }
  button.textContent = lowLatency ? 'LL ✓' : 'LL';
  button.setAttribute('aria-pressed', String(lowLatency));
}

/** Autoplay is only allowed muted; one tap turns the sound on. Shown only over a playing video. */
const unmute = document.createElement('button');
unmute.className = 'lc-unmute';
unmute.type = 'button';
unmute.hidden = true;
unmute.textContent = msg('live.room.tapToPlay');
unmute.addEventListener('click', () => {
  video.muted = false;
  void video.play().catch(() => {});
  unmute.hidden = true;
});
stage.append(unmute);
video.addEventListener('playing', () => {
  unmute.hidden = !video.muted || video.hidden;
});

async function poll() {
  try {
    const res = await fetch(config.statusUrl, { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (res.ok) render((await res.json()) as Status);
  } catch {
    // offline for a moment: keep the current state and try again
  }
  setTimeout(poll, POLL_MS + Math.random() * 1000);
}

if (new URLSearchParams(location.search).get('latency') === 'low') lowLatency = true;
render(config.status);
setTimeout(poll, POLL_MS);
(window as unknown as { lcPlayer: unknown }).lcPlayer = { video, mode: () => stage.dataset.mode ?? 'none' };
