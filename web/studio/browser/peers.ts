import type { RTCIceServerConfig } from '../../../src/studio/protocol.js';

type Signal = (payload: { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit }) => void;

/**
 * One WebRTC connection between the host's browser and a guest's. The host always makes the
 * offer (so there is no glare); it sends the programme (canvas) and the guest's mix-minus,
 * and receives the guest's camera and microphone. Candidates that arrive before the remote
 * description are queued.
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  private pending: RTCIceCandidateInit[] = [];

  constructor(
    ice: RTCIceServerConfig[],
    private readonly signal: Signal,
    onTrack: (stream: MediaStream) => void,
  ) {
    this.pc = new RTCPeerConnection({ iceServers: ice });
    this.pc.onicecandidate = (e) => {
      if (e.candidate) signal({ candidate: e.candidate.toJSON() });
    };
    this.pc.ontrack = (e) => {
      const [stream] = e.streams;
      onTrack(stream ?? new MediaStream([e.track]));
    };
  }

  /** Host: send these tracks and ask for the guest's. */
  async offer(tracks: MediaStreamTrack[], stream: MediaStream) {
    for (const track of tracks) this.pc.addTransceiver(track, { direction: 'sendrecv', streams: [stream] });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    this.signal({ description: this.pc.localDescription?.toJSON() as RTCSessionDescriptionInit });
  }

  /** Guest: answer the host's offer with our camera and microphone on the same transceivers. */
  async answer(offer: RTCSessionDescriptionInit, local: MediaStream) {
    await this.pc.setRemoteDescription(offer);
    await this.flush();
    for (const transceiver of this.pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      const track = local.getTracks().find((t) => t.kind === kind);
      if (track) {
        await transceiver.sender.replaceTrack(track);
        transceiver.sender.setStreams?.(local);
      }
      transceiver.direction = 'sendrecv';
    }
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    this.signal({ description: this.pc.localDescription?.toJSON() as RTCSessionDescriptionInit });
  }

  async accept(answer: RTCSessionDescriptionInit) {
    await this.pc.setRemoteDescription(answer);
    await this.flush();
  }

  async candidate(candidate: RTCIceCandidateInit) {
    if (this.pc.remoteDescription) await this.pc.addIceCandidate(candidate).catch(() => {});
    else this.pending.push(candidate);
  }

  private async flush() {
    for (const c of this.pending.splice(0)) await this.pc.addIceCandidate(c).catch(() => {});
  }

  close() {
    this.pc.close();
  }
}

/** Camera and microphone with the browser's echo cancellation, noise suppression and gain control. */
export function userMedia(opts: { cameraId?: string; microphoneId?: string; phone?: boolean } = {}) {
  return navigator.mediaDevices.getUserMedia({
    video: {
      ...(opts.cameraId ? { deviceId: { exact: opts.cameraId } } : { facingMode: 'user' }),
      width: { ideal: 1280 },
      height: { ideal: 720 },
      frameRate: { ideal: 30 },
    },
    audio: {
      ...(opts.microphoneId ? { deviceId: { exact: opts.microphoneId } } : {}),
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
    },
  });
}

/** A muted, inline, playing video element for a stream (sources of the compositor, previews). */
export function videoFor(stream: MediaStream, label: string): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;
  video.setAttribute('aria-label', label);
  video.srcObject = stream;
  void video.play().catch(() => {});
  return video;
}
