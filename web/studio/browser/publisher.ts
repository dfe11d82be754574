import { socketUrl } from './signal.js';

/** MediaRecorder types, best first: H.264 is copied by the server; VP8 is transcoded (costs a core). */
const TYPES = [
  'video/x-matroska;codecs=avc1,opus',
  'video/webm;codecs=h264,opus',
  'video/webm;codecs=vp8,opus',
];

/** About three seconds of programme at 2.5 Mbit/s + audio. */
const STALL_BYTES = 1_000_000;

export type PublishState = 'idle' | 'connecting' | 'sending' | 'retrying' | 'refused' | 'ended';

/**
 * Sends the programme (canvas + mixed audio) to the server: MediaRecorder chunks every
 * 250 ms over the ingest WebSocket. When the connection drops (network loss, server
 * restart) it starts a fresh recorder on a new socket, again and again: the server treats
 * that as an encoder reconnect and the audience's playlist continues.
 */
export class ProgrammePublisher {
  private ws: WebSocket | undefined;
  private recorder: MediaRecorder | undefined;
  private wanted = false;
  private delay = 500;
  readonly mimeType = TYPES.find((t) => MediaRecorder.isTypeSupported(t)) ?? '';
  sentBytes = 0;

  constructor(
    private readonly eventId: string,
    private readonly stream: MediaStream,
    private readonly onState: (state: PublishState, message?: string) => void,
  ) {}

  start() {
    this.wanted = true;
    this.open();
  }

  stop() {
    this.wanted = false;
    this.recorder?.state === 'recording' && this.recorder.stop();
    this.ws?.close(1000);
    this.onState('idle');
  }

  private open() {
    if (!this.wanted) return;
    this.onState('connecting');
    const ws = new WebSocket(
      socketUrl(
        `/api/v1/events/${encodeURIComponent(this.eventId)}/studio/ingest?mime=${encodeURIComponent(this.mimeType)}`,
      ),
    );
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    let refusal = '';
    ws.onopen = () => {
      const recorder = new MediaRecorder(this.stream, {
        mimeType: this.mimeType,
        videoBitsPerSecond: 2_500_000,
        audioBitsPerSecond: 128_000,
        // Chromium: a keyframe every second lets the server copy H.264 into 1 s HLS segments.
        videoKeyFrameIntervalDuration: 1000,
      } as MediaRecorderOptions);
      recorder.ondataavailable = (e) => {
        if (ws.readyState !== WebSocket.OPEN || e.data.size === 0) return;
        // Seconds of programme stuck in the socket: the network is gone. Start over on a new
        // connection rather than deliver a late backlog (the audience would fall behind).
        if (ws.bufferedAmount > STALL_BYTES) return ws.close(4000, 'stalled');
        this.sentBytes += e.data.size;
        ws.send(e.data);
      };
      recorder.start(250);
      this.recorder = recorder;
      this.delay = 500;
      this.onState('sending');
    };
    ws.onmessage = (e) => {
      const frame = JSON.parse(String(e.data)) as { type: string; message?: string };
      if (frame.type === 'refused') refusal = frame.message ?? '';
    };
    ws.onclose = (e) => {
      if (this.recorder?.state === 'recording') this.recorder.stop();
      this.recorder = undefined;
      if (!this.wanted) return;
      if (e.code === 4009) {
        this.wanted = false;
        return this.onState('refused', refusal);
      }
      if (e.code === 4010) {
        this.wanted = false;
        return this.onState('ended', e.reason);
      }
      this.onState('retrying');
      setTimeout(() => this.open(), this.delay);
      this.delay = Math.min(3000, this.delay * 2);
    };
  }
}
