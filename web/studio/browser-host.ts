// The host's browser studio (GET /studio/:eventId/browser): camera, microphone and a shared
// screen are composed on a canvas with the guests who join over WebRTC, mixed with Web Audio,
// and sent to the server as the programme (see docs/studio.md).

import type { RTCIceServerConfig } from '../../src/studio/protocol.js';
import { audibleParticipants, HOST_ID, type Scene } from '../../src/studio/scene.js';
import { attachHls, type Detach } from '../audience/lib/hls.js';
import { Compositor, PROGRAMME } from './browser/compositor.js';
import { fillDevicePickers } from './browser/devices.js';
import { Mixer } from './browser/mixer.js';
import { PeerLink, userMedia, videoFor } from './browser/peers.js';
import { ProgrammePublisher, type PublishState } from './browser/publisher.js';
import { type ParticipantView, SignalClient, socketUrl } from './browser/signal.js';

interface Config {
  eventId: string;
  csrfToken: string;
  maxGuests: number;
  messages: Record<string, string>;
}
interface GuestLink {
  id: string;
  speaker_id: string;
  name: string;
  title: string;
  link: string;
  revoked_at: string | null;
}
interface Speaker {
  id: string;
  name: string;
  title: string;
  company: string;
}

const config = JSON.parse(document.getElementById('lc-browser-studio')?.textContent ?? '{}') as Config;
const msg = (key: string, params: Record<string, string | number> = {}) =>
  (config.messages[key] ?? key).replace(/\{(\w+)\}/g, (m, k: string) => String(params[k] ?? m));
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const api = `/api/v1/events/${encodeURIComponent(config.eventId)}`;

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { 'x-csrf-token': config.csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json().catch(() => ({}))) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(json.error?.message ?? res.statusText);
  return json;
}

function showMessage(text: string | null) {
  const box = $('bs-message');
  box.hidden = !text;
  box.textContent = text ?? '';
}

// ---- programme: canvas + mix -------------------------------------------------

const compositor = new Compositor($<HTMLCanvasElement>('bs-canvas'));
compositor.timecode = new URLSearchParams(location.search).has('timecode');
const mixer = new Mixer(HOST_ID);
const programmeVideo = compositor.canvas.captureStream(PROGRAMME.fps).getVideoTracks()[0] as MediaStreamTrack;
const programme = new MediaStream([programmeVideo, ...mixer.programme.stream.getAudioTracks()]);
compositor.start();

let scene: Scene | undefined;
let participants: ParticipantView[] = [];
let guestLinks: GuestLink[] = [];
let speakers: Speaker[] = [];
let ice: RTCIceServerConfig[] = [];
const videos = new Map<string, HTMLVideoElement>();
const streams = new Map<string, MediaStream>();
const links = new Map<string, PeerLink>();
let camera: MediaStream | undefined;
let screen: MediaStream | undefined;

function setSource(id: string, stream: MediaStream | undefined, label: string) {
  if (stream) streams.set(id, stream);
  else streams.delete(id);
  // A guest's audio and video tracks arrive one by one on the same stream: keep its element.
  // A replaced element lets go of its stream, or it goes on receiving and decoding frames.
  const old = videos.get(id);
  const video = stream?.getVideoTracks().length
    ? old?.srcObject === stream
      ? old
      : videoFor(stream, label)
    : null;
  if (old && old !== video) {
    old.remove();
    old.srcObject = null;
  }
  if (video) videos.set(id, video);
  else videos.delete(id);
  compositor.setSource(id, video);
  mixer.setInput(id, stream ?? null);
  sceneChanged();
}

function sceneChanged() {
  if (!scene) return;
  const present = new Set(streams.keys());
  present.delete('slides');
  const audible = audibleParticipants(scene, present);
  mixer.setAudible(scene.screenAudio ? [...audible, 'slides'] : audible);
  const speaker = speakers.find((s) => s.id === scene?.lowerThird);
  compositor.setScene(
    scene,
    speaker
      ? { name: speaker.name, title: [speaker.title, speaker.company].filter(Boolean).join(', ') }
      : null,
  );
  for (const input of document.querySelectorAll<HTMLInputElement>('input[name=layout]'))
    input.checked = input.value === scene.layout;
  for (const input of document.querySelectorAll<HTMLInputElement>('input[name=corner]'))
    input.checked = input.value === scene.corner;
  $<HTMLSelectElement>('bs-lower-third').value = scene.lowerThird ?? '';
  $<HTMLInputElement>('bs-screen-audio').checked = scene.screenAudio;
  renderPeople();
}

// ---- devices -----------------------------------------------------------------

const listDevices = () =>
  fillDevicePickers($<HTMLSelectElement>('bs-camera'), $<HTMLSelectElement>('bs-microphone'));

async function openCamera() {
  try {
    camera?.getTracks().forEach((t) => {
      t.stop();
    });
    camera = await userMedia({
      cameraId: $<HTMLSelectElement>('bs-camera').value || undefined,
      microphoneId: $<HTMLSelectElement>('bs-microphone').value || undefined,
    });
    setSource(HOST_ID, camera, msg('studio.host.you'));
    await listDevices();
  } catch (err) {
    showMessage((err as Error).message);
  }
}
$('bs-camera').addEventListener('change', () => void openCamera());
$('bs-microphone').addEventListener('change', () => void openCamera());

const shareButton = $<HTMLButtonElement>('bs-share');
if (!navigator.mediaDevices?.getDisplayMedia) shareButton.disabled = true;
shareButton.addEventListener('click', async () => {
  if (screen) {
    screen.getTracks().forEach((t) => {
      t.stop();
    });
    screen = undefined;
    setSource('slides', undefined, '');
    shareButton.textContent = msg('studio.host.share');
    return;
  }
  try {
    screen = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 30 }, audio: true });
    screen.getVideoTracks()[0]?.addEventListener('ended', () => {
      screen = undefined;
      setSource('slides', undefined, '');
      shareButton.textContent = msg('studio.host.share');
    });
    setSource('slides', screen, msg('studio.host.share'));
    shareButton.textContent = msg('studio.host.stopShare');
  } catch {
    // the host cancelled the picker
  }
});

// ---- scene controls ------------------------------------------------------------

for (const input of document.querySelectorAll<HTMLInputElement>('input[name=layout]'))
  input.addEventListener('change', () =>
    signal.scene({ kind: 'layout', layout: input.value as Scene['layout'] }),
  );
for (const input of document.querySelectorAll<HTMLInputElement>('input[name=corner]'))
  input.addEventListener('change', () =>
    signal.scene({ kind: 'corner', corner: input.value as Scene['corner'] }),
  );
$<HTMLSelectElement>('bs-lower-third').addEventListener('change', (e) =>
  signal.scene({ kind: 'lower_third', speakerId: (e.target as HTMLSelectElement).value || null }),
);
$<HTMLInputElement>('bs-screen-audio').addEventListener('change', (e) =>
  signal.scene({ kind: 'screen_audio', on: (e.target as HTMLInputElement).checked }),
);

// ---- guests over WebRTC ----------------------------------------------------------

async function connectGuest(id: string) {
  const link = new PeerLink(
    ice,
    (payload) => signal.signal(id, payload),
    (stream) => {
      const mine = streams.get(id) ?? new MediaStream();
      for (const track of stream.getTracks()) if (!mine.getTrackById(track.id)) mine.addTrack(track);
      setSource(id, mine, participants.find((p) => p.id === id)?.name ?? id);
    },
  );
  links.set(id, link);
  link.pc.onconnectionstatechange = () => {
    if (link.pc.connectionState === 'failed' && links.get(id) === link) dropGuest(id);
  };
  const minus = mixer.mixMinus(id);
  await link.offer(
    [programmeVideo, ...minus.getAudioTracks()],
    new MediaStream([programmeVideo, ...minus.getAudioTracks()]),
  );
  // Guests see the stage at a lower cost: half resolution, 15 frames a second.
  for (const sender of link.pc.getSenders()) {
    if (sender.track?.kind !== 'video') continue;
    const params = sender.getParameters();
    params.encodings = [{ scaleResolutionDownBy: 2, maxFramerate: 15, maxBitrate: 800_000 }];
    await sender.setParameters(params).catch(() => {});
  }
}

function dropGuest(id: string) {
  links.get(id)?.close();
  links.delete(id);
  mixer.dropMixMinus(id);
  setSource(id, undefined, '');
}

function syncLinks() {
  for (const p of participants) {
    if (p.role !== 'guest') continue;
    const wanted = p.present && p.ready;
    if (wanted && !links.has(p.id))
      void connectGuest(p.id).catch((err) => showMessage((err as Error).message));
    if (!wanted && links.has(p.id)) dropGuest(p.id);
  }
  for (const id of links.keys()) if (!participants.some((p) => p.id === id)) dropGuest(id);
}

const signal = new SignalClient(socketUrl(`${api}/studio/socket`), {
  welcome(_you, s, list, servers) {
    ice = servers;
    scene = s;
    participants = list;
    // A reloaded host page starts over with every guest: fresh connections, same scene.
    for (const id of [...links.keys()]) dropGuest(id);
    syncLinks();
    sceneChanged();
  },
  participants(list) {
    participants = list;
    syncLinks();
    renderPeople();
  },
  scene(s) {
    scene = s;
    sceneChanged();
  },
  signal(from, payload) {
    const link = links.get(from);
    if (!link) return;
    if (payload.description?.type === 'answer') void link.accept(payload.description);
    if (payload.candidate) void link.candidate(payload.candidate);
  },
  error: showMessage,
  closed: () => showMessage(msg('studio.closed.replaced')),
  connection: () => {},
});

// ---- people panel ------------------------------------------------------------------

function statusOf(p: ParticipantView | undefined): string {
  if (!p?.present) return 'offline';
  if (!p.ready) return 'checking';
  return scene?.stage.includes(p.id) ? 'onStage' : 'greenRoom';
}

function button(label: string, onClick: () => void, attrs: Record<string, string> = {}) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  for (const [k, v] of Object.entries(attrs)) b.setAttribute(k, v);
  b.addEventListener('click', onClick);
  return b;
}

function renderPeople() {
  const list = $('bs-people');
  const live = guestLinks.filter((g) => !g.revoked_at);
  $('bs-guest-count').textContent = msg('studio.host.guestCount', {
    count: live.length,
    max: config.maxGuests,
  });
  const rows = [{ id: HOST_ID, name: msg('studio.host.you'), title: '', link: '' }, ...live];
  if (live.length === 0) rows.push({ id: '', name: '', title: msg('studio.host.noGuests'), link: '' });
  list.replaceChildren(
    ...rows.map((row) => {
      const li = document.createElement('li');
      if (!row.id) {
        li.textContent = row.title;
        li.style.gridTemplateColumns = '1fr';
        return li;
      }
      li.dataset.participant = row.id;
      const p =
        row.id === HOST_ID
          ? participants.find((x) => x.id === HOST_ID)
          : participants.find((x) => x.id === row.id);
      const status =
        row.id === HOST_ID ? (scene?.stage.includes(HOST_ID) ? 'onStage' : 'greenRoom') : statusOf(p);
      li.dataset.status = status;
      const video = videos.get(row.id);
      const thumb = video ?? document.createElement('video');
      thumb.className = '';
      const info = document.createElement('div');
      const name = document.createElement('div');
      name.className = 'name';
      name.textContent = row.name;
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.dataset.status = status;
      badge.textContent = msg(`studio.status.${status}`);
      const who = document.createElement('div');
      who.className = 'who';
      who.textContent = row.title;
      const meter = document.createElement('meter');
      meter.min = 0;
      meter.max = 1;
      meter.dataset.level = row.id;
      meter.setAttribute('aria-label', msg('studio.host.level', { name: row.name }));
      const actions = document.createElement('div');
      actions.className = 'row';
      const onStage = scene?.stage.includes(row.id) ?? false;
      actions.append(
        button(onStage ? msg('studio.host.takeOff') : msg('studio.host.bringOn'), () =>
          signal.scene({ kind: onStage ? 'take_off' : 'bring_on', participantId: row.id }),
        ),
      );
      const muted = scene?.muted.includes(row.id) ?? false;
      actions.append(
        button(
          muted ? msg('studio.host.unmute') : msg('studio.host.mute'),
          () => signal.scene({ kind: 'mute', participantId: row.id, muted: !muted }),
          { 'aria-pressed': String(muted) },
        ),
      );
      if (row.link) {
        actions.append(
          button(msg('studio.host.copy'), () => void navigator.clipboard?.writeText(row.link)),
          button(msg('studio.host.revoke'), async () => {
            if (!window.confirm(msg('studio.host.revokeConfirm'))) return;
            await call('POST', `/studio/guests/${row.id}/revoke`).catch((e: Error) => showMessage(e.message));
            await loadGuests();
          }),
        );
        const code = document.createElement('code');
        code.textContent = row.link;
        who.append(document.createElement('br'), code);
      }
      info.append(name, badge, who, meter, actions);
      li.append(thumb, info);
      return li;
    }),
  );
}

function levels() {
  for (const meter of document.querySelectorAll<HTMLMeterElement>('meter[data-level]'))
    meter.value = mixer.level(meter.dataset.level ?? '');
  requestAnimationFrame(levels);
}

async function loadGuests() {
  guestLinks = (await call<{ guests: GuestLink[] }>('GET', '/studio/guests')).guests;
  renderPeople();
}

$('bs-invite').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    await call('POST', '/studio/guests', { speaker_id: $<HTMLSelectElement>('bs-invite-speaker').value });
    showMessage(null);
    await loadGuests();
  } catch (err) {
    showMessage((err as Error).message);
  }
});

// ---- publishing, go live, health -------------------------------------------------------

const publishState = $('bs-publish-state');
const publishButton = $<HTMLButtonElement>('bs-publish');
const publisher = new ProgrammePublisher(config.eventId, programme, (state: PublishState, message) => {
  document.body.dataset.publish = state;
  publishState.textContent =
    state === 'sending'
      ? msg('studio.publish.sending', { type: publisher.mimeType.replace(/^video\//, '') })
      : msg(`studio.publish.${state}`, { message: message ?? '' });
  publishButton.textContent =
    state === 'idle' || state === 'refused' || state === 'ended'
      ? msg('studio.host.start')
      : msg('studio.host.stop');
  if (state === 'refused') void loadStudio();
});
if (!publisher.mimeType) {
  publishButton.disabled = true;
  showMessage(msg('studio.publish.unsupported'));
}
publishButton.addEventListener('click', () => {
  mixer.resume();
  const publishing = ['sending', 'retrying', 'connecting'].includes(document.body.dataset.publish ?? '');
  if (publishing) publisher.stop();
  else publisher.start();
});

let previewUrl = '';
let detach: Detach | undefined;
interface LiveStatus {
  state: 'offline' | 'backstage' | 'live' | 'ended' | 'replay';
  preview: string | null;
  health: {
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
  } | null;
}

function renderStatus(s: LiveStatus) {
  const state = $('bs-state');
  state.dataset.state = s.state;
  state.textContent = msg(`live.studio.state.${s.state}`);
  $<HTMLButtonElement>('bs-go-live').disabled = s.state !== 'backstage';
  $<HTMLButtonElement>('bs-end').disabled = s.state !== 'live';
  const h = s.health;
  const values: Record<string, string> = h
    ? {
        connected: `${h.connected_seconds} s`,
        resolution: h.video?.width ? `${h.video.width}×${h.video.height}` : '—',
        fps: h.video ? String(h.video.fps) : '—',
        videoBitrate: h.video ? `${h.video.kbps} kbps` : '—',
        audioBitrate: h.audio ? `${h.audio.kbps} kbps` : '—',
        codec: [h.video?.codec, h.audio?.codec].filter(Boolean).join(' / ') || '—',
        late: `${(h.late_ms / 1000).toFixed(1)} s`,
        dropped: String(h.dropped_frames),
      }
    : {};
  for (const el of document.querySelectorAll<HTMLElement>('[data-health]'))
    el.textContent = values[el.dataset.health ?? ''] ?? '—';
  const wanted = s.state === 'offline' ? '' : (s.preview ?? '');
  if (wanted !== previewUrl) {
    detach?.();
    previewUrl = wanted;
    detach = wanted
      ? attachHls($<HTMLVideoElement>('bs-preview'), wanted, { live: s.state !== 'replay' })
      : undefined;
  }
}

async function refresh() {
  try {
    renderStatus(await call<LiveStatus>('GET', '/live'));
  } catch {
    // transient: the next refresh retries
  }
}

for (const [id, path, confirmKey] of [
  ['bs-go-live', '/live/go-live', ''],
  ['bs-end', '/live/end', 'live.studio.endConfirm'],
] as const) {
  $(id).addEventListener('click', async () => {
    if (confirmKey && !window.confirm(msg(confirmKey))) return;
    try {
      await call('POST', path);
      showMessage(null);
      await refresh();
    } catch (err) {
      showMessage((err as Error).message);
    }
  });
}

async function loadStudio() {
  const studio = await call<{ ingest_source: 'rtmp' | 'studio'; speakers: Speaker[] }>('GET', '/studio');
  speakers = studio.speakers;
  $('bs-source').hidden = studio.ingest_source === 'studio';
  publishButton.disabled = studio.ingest_source !== 'studio' || !publisher.mimeType;
  for (const id of ['bs-lower-third', 'bs-invite-speaker']) {
    const select = $<HTMLSelectElement>(id);
    const keep = id === 'bs-lower-third' ? [select.options[0] as HTMLOptionElement] : [];
    select.replaceChildren(
      ...keep,
      ...speakers.map((s) => new Option([s.name, s.title].filter(Boolean).join(' — '), s.id)),
    );
  }
  sceneChanged();
}

$('bs-use-studio').addEventListener('click', async () => {
  try {
    await call('PUT', '/studio/ingest-source', { source: 'studio' });
    showMessage(null);
    await loadStudio();
  } catch (err) {
    showMessage((err as Error).message);
  }
});

async function main() {
  await loadStudio().catch((err: Error) => showMessage(err.message));
  await loadGuests().catch(() => {});
  signal.connect();
  await openCamera();
  requestAnimationFrame(levels);
  await refresh();
  setInterval(refresh, 2000);
  // A reload or a network loss while sending: pick up where the page left off.
  if (sessionStorage.getItem(`lc-studio-publishing:${config.eventId}`) === '1') publisher.start();
  new MutationObserver(() => {
    const on = ['sending', 'retrying', 'connecting'].includes(document.body.dataset.publish ?? '');
    sessionStorage.setItem(`lc-studio-publishing:${config.eventId}`, on ? '1' : '0');
  }).observe(document.body, { attributes: true, attributeFilter: ['data-publish'] });
}

void main();
(window as unknown as { leadcastStudio: unknown }).leadcastStudio = {
  frames: () => compositor.frames,
  tiles: () => compositor.lastTiles,
  links: () => links.size,
  peers: () => [...links.values()].map((l) => l.pc),
};
