// A guest's page (GET /g/:token): device check, then the green room; the host's browser
// connects over WebRTC, sends the stage (programme) and the others' voices, and receives
// this camera and microphone. Works on a phone (portrait cameras are framed by the host's layout).

import type { RTCIceServerConfig } from '../../src/studio/protocol.js';
import { fillDevicePickers } from './browser/devices.js';
import { PeerLink, userMedia } from './browser/peers.js';
import { SignalClient, socketUrl } from './browser/signal.js';

interface Config {
  eventId: string;
  guestId: string;
  token: string;
  messages: Record<string, string>;
}
const config = JSON.parse(document.getElementById('lc-studio-guest')?.textContent ?? '{}') as Config;
const msg = (key: string) => config.messages[key] ?? key;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let local: MediaStream | undefined;
let link: PeerLink | undefined;
let ice: RTCIceServerConfig[] = [];
let onStage = false;
let hostPresent = false;
let signal: SignalClient | undefined;
let meterCtx: AudioContext | undefined;

function showMessage(text: string | null) {
  const box = $('bg-message');
  box.hidden = !text;
  box.textContent = text ?? '';
}

function setStatus(text: string) {
  $('bg-status').textContent = text;
  document.body.dataset.guest = onStage ? 'on_stage' : hostPresent ? 'green_room' : 'waiting';
}

function describe() {
  if (!hostPresent) return setStatus(msg('studio.guest.hostAway'));
  setStatus(onStage ? msg('studio.guest.onStage') : msg('studio.guest.greenRoom'));
}

const listDevices = () =>
  fillDevicePickers($<HTMLSelectElement>('bg-camera'), $<HTMLSelectElement>('bg-microphone'));

function meter(stream: MediaStream) {
  meterCtx?.close();
  meterCtx = new AudioContext();
  const analyser = meterCtx.createAnalyser();
  analyser.fftSize = 1024;
  meterCtx.createMediaStreamSource(stream).connect(analyser);
  const buffer = new Float32Array(analyser.fftSize);
  const el = $<HTMLMeterElement>('bg-level');
  const tick = () => {
    analyser.getFloatTimeDomainData(buffer);
    let peak = 0;
    for (const s of buffer) peak = Math.max(peak, Math.abs(s));
    el.value = Math.min(1, peak);
    requestAnimationFrame(tick);
  };
  tick();
}

async function openDevices() {
  try {
    local?.getTracks().forEach((t) => {
      t.stop();
    });
    local = await userMedia({
      cameraId: $<HTMLSelectElement>('bg-camera').value || undefined,
      microphoneId: $<HTMLSelectElement>('bg-microphone').value || undefined,
    });
    $<HTMLVideoElement>('bg-self').srcObject = local;
    meter(local);
    await listDevices();
    $<HTMLButtonElement>('bg-join').disabled = false;
    showMessage(null);
    // Already connected: the host's next offer carries the new devices.
    if (link) {
      for (const sender of link.pc.getSenders()) {
        const track = local.getTracks().find((t) => t.kind === sender.track?.kind);
        if (track) await sender.replaceTrack(track);
      }
    }
  } catch {
    showMessage(msg('studio.guest.denied'));
  }
}
$('bg-camera').addEventListener('change', () => void openDevices());
$('bg-microphone').addEventListener('change', () => void openDevices());

function join() {
  if (!local) return;
  $('bg-stage').hidden = false;
  $('bg-check').hidden = true;
  setStatus(msg('studio.guest.waiting'));
  signal = new SignalClient(
    socketUrl(
      `/api/v1/events/${encodeURIComponent(config.eventId)}/studio/socket?guest=${encodeURIComponent(config.token)}`,
    ),
    {
      welcome(_you, scene, participants, servers) {
        ice = servers;
        onStage = scene.stage.includes(config.guestId);
        hostPresent = participants.some((p) => p.role === 'host' && p.present);
        signal?.ready(local?.getVideoTracks().length !== 0, local?.getAudioTracks().length !== 0);
        describe();
      },
      participants(list) {
        hostPresent = list.some((p) => p.role === 'host' && p.present);
        describe();
      },
      scene(scene) {
        onStage = scene.stage.includes(config.guestId);
        describe();
      },
      signal(_from, payload) {
        if (payload.description?.type === 'offer') {
          // A new offer (first contact, host reload, renegotiation): start a fresh connection.
          link?.close();
          link = new PeerLink(
            ice,
            (p) => signal?.signal('host', p),
            (stream) => {
              const video = $<HTMLVideoElement>('bg-programme');
              if (video.srcObject !== stream) video.srcObject = stream;
              video.play().catch(() => {
                $('bg-unmute').hidden = false;
              });
            },
          );
          void link.answer(payload.description, local as MediaStream);
        }
        if (payload.candidate) void link?.candidate(payload.candidate);
      },
      error: (message) => showMessage(message),
      closed(code) {
        link?.close();
        link = undefined;
        setStatus(msg(code === 4003 ? 'studio.guest.revoked' : 'studio.guest.replaced'));
        document.body.dataset.guest = 'closed';
      },
      connection: () => {},
    },
  );
  signal.connect();
}

$('bg-join').addEventListener('click', join);
$('bg-unmute').addEventListener('click', () => {
  void $<HTMLVideoElement>('bg-programme').play();
  $('bg-unmute').hidden = true;
});
$('bg-leave').addEventListener('click', () => {
  const leave = $<HTMLButtonElement>('bg-leave');
  if (signal) {
    signal.close();
    signal = undefined;
    link?.close();
    link = undefined;
    $<HTMLVideoElement>('bg-programme').srcObject = null;
    onStage = false;
    setStatus(msg('studio.guest.left'));
    document.body.dataset.guest = 'left';
    leave.textContent = msg('studio.guest.rejoin');
  } else {
    leave.textContent = msg('studio.guest.leave');
    join();
  }
});

void openDevices();
