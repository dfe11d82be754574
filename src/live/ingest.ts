import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { type IngestJob, ingestArgs } from './ffmpeg-args.js';
import { describeAudio, describeVideo, flvHeader, flvTag, SUPPORTED_AUDIO, SUPPORTED_VIDEO } from './flv.js';
import { HealthMeter, type StreamHealth } from './health.js';
import { decodeAmf0 } from './rtmp/amf0.js';
import type { MediaKind, Publisher } from './rtmp/connection.js';
import { Supervisor, type SupervisorLog } from './supervisor.js';

/** Beyond this much unwritten input, ffmpeg is not keeping up: drop to the next keyframe. */
const MAX_BACKLOG_BYTES = 16 * 1024 * 1024;
/** HTTP-FLV viewers this far behind are disconnected (their player reconnects at the live edge). */
const MAX_VIEWER_BACKLOG_BYTES = 4 * 1024 * 1024;
const MAX_GOP_TAGS = 2000;
/** HTTP-FLV is for a desktop audience of a webinar; beyond this, viewers use HLS (CDN-cacheable). */
export const MAX_FLV_VIEWERS = 1000;

/** Where a session's media comes from: an RTMP connection, or the browser studio's ingest socket. */
export interface PublisherConnection {
  readonly remoteAddress: string;
  close(reason: string): void;
}

export interface IngestOptions {
  eventId: string;
  ffmpegPath: string;
  job: IngestJob;
  log: SupervisorLog;
  onEnded(session: IngestSession, reason: string): void;
}

/**
 * One publishing encoder for one event. Media arriving over RTMP is framed as FLV and
 * written to a supervised ffmpeg (HLS live + recording) and to HTTP-FLV viewers; the
 * session measures stream health on the way.
 */
export class IngestSession implements Publisher {
  private readonly meter: HealthMeter;
  private readonly supervisor: Supervisor;
  private metadata: Buffer | undefined;
  private meta: Record<string, unknown> = {};
  private videoConfig: Buffer | undefined;
  private audioConfig: Buffer | undefined;
  private gop: Buffer[] = [];
  private awaitingKeyframe = true;
  private videoCodec: string | null = null;
  private audioCodec: string | null = null;
  private dropped = 0;
  private ended = false;
  private readonly viewers = new Set<Writable>();
  readonly startedAt = Date.now();

  constructor(
    readonly connection: PublisherConnection,
    private readonly opts: IngestOptions,
  ) {
    this.meter = new HealthMeter(this.startedAt);
    fs.mkdirSync(opts.job.liveDir, { recursive: true });
    fs.mkdirSync(opts.job.recordDir, { recursive: true });
    this.supervisor = new Supervisor({
      name: `ffmpeg live ${opts.eventId}`,
      command: opts.ffmpegPath,
      args: ingestArgs(opts.job),
      log: opts.log,
      onStart: (child) => {
        // A (re)started ffmpeg needs the stream preamble, then starts at a keyframe.
        child.stdin.write(flvHeader());
        for (const tag of [this.metadata, this.videoConfig, this.audioConfig])
          if (tag) child.stdin.write(tag);
        this.awaitingKeyframe = true;
      },
    });
    this.supervisor.start();
  }

  get eventId() {
    return this.opts.eventId;
  }

  get ffmpegPid() {
    return this.supervisor.pid;
  }

  get idleMs() {
    return this.meter.rates(Date.now()).idleMs;
  }

  media(kind: MediaKind, timestamp: number, payload: Buffer): void {
    if (this.ended) return;
    const tag = flvTag(kind, timestamp, payload);
    let keyframe = false;
    let config = false;
    if (kind === 'data') {
      this.metadata = tag;
      this.meta = readMetadata(payload);
      config = true;
    } else if (kind === 'video') {
      const info = describeVideo(payload);
      if (!info) return;
      this.videoCodec = info.codec;
      keyframe = info.keyframe && !info.sequenceHeader;
      config = info.sequenceHeader;
      if (config) this.videoConfig = tag;
      else this.meter.record('video', payload.length, timestamp, Date.now());
    } else {
      const info = describeAudio(payload);
      if (!info) return;
      this.audioCodec = info.codec;
      config = info.sequenceHeader;
      if (config) this.audioConfig = tag;
      else this.meter.record('audio', payload.length, timestamp, Date.now());
    }
    if (this.unsupported()) return;
    this.toPackager(tag, kind, keyframe, config);
    this.toViewers(tag, keyframe, config);
  }

  private toPackager(tag: Buffer, kind: MediaKind, keyframe: boolean, config: boolean) {
    const stdin = this.supervisor.current?.stdin;
    const playable = config || kind !== 'video' || keyframe || !this.awaitingKeyframe;
    if (!stdin || stdin.destroyed || !playable || (!config && stdin.writableLength > MAX_BACKLOG_BYTES)) {
      if (kind === 'video' && !config) {
        this.dropped++;
        this.awaitingKeyframe = true;
      }
      return;
    }
    if (keyframe) this.awaitingKeyframe = false;
    stdin.write(tag);
  }

  private toViewers(tag: Buffer, keyframe: boolean, config: boolean) {
    // Config tags are replayed to each new viewer by addViewer; one that arrives now also goes
    // to viewers already attached: a viewer that joined before the encoder's first tags (the
    // studio's remuxer writes them ~2 s after go-live) would otherwise never get the H.264
    // sequence header and could not decode anything.
    if (config) {
      for (const viewer of this.viewers)
        if (viewer.writableLength <= MAX_VIEWER_BACKLOG_BYTES) viewer.write(tag);
      return;
    }
    if (keyframe) this.gop = [];
    if (this.gop.length < MAX_GOP_TAGS) this.gop.push(tag);
    for (const viewer of this.viewers) {
      if (viewer.writableLength > MAX_VIEWER_BACKLOG_BYTES) viewer.destroy();
      else viewer.write(tag);
    }
  }

  /** Starts an HTTP-FLV viewer at the last keyframe so its first frame decodes at once. */
  addViewer(out: Writable): boolean {
    // An ended session never writes again: a viewer added now would wait forever (and hold shutdown).
    if (this.ended || this.viewers.size >= MAX_FLV_VIEWERS) return false;
    out.write(flvHeader());
    for (const tag of [this.metadata, this.videoConfig, this.audioConfig, ...this.gop])
      if (tag) out.write(tag);
    this.viewers.add(out);
    out.on('close', () => this.viewers.delete(out));
    return true;
  }

  get viewerCount() {
    return this.viewers.size;
  }

  unsupported(): string | null {
    if (this.videoCodec && this.videoCodec !== SUPPORTED_VIDEO) return `video:${this.videoCodec}`;
    if (this.audioCodec && this.audioCodec !== SUPPORTED_AUDIO) return `audio:${this.audioCodec}`;
    return null;
  }

  health(now = Date.now()): StreamHealth {
    const r = this.meter.rates(now);
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    return {
      connected_at: new Date(this.startedAt).toISOString(),
      connected_seconds: Math.round((now - this.startedAt) / 1000),
      remote_address: this.connection.remoteAddress,
      encoder: typeof this.meta.encoder === 'string' ? this.meta.encoder : null,
      video: {
        codec: this.videoCodec,
        width: num(this.meta.width),
        height: num(this.meta.height),
        fps: r.fps,
        kbps: r.videoKbps,
      },
      audio: { codec: this.audioCodec, kbps: r.audioKbps, sample_rate: num(this.meta.audiosamplerate) },
      late_ms: r.lateMs,
      dropped_frames: this.dropped,
      packager_restarts: this.supervisor.restarts,
      unsupported: this.unsupported(),
    };
  }

  /** Publisher hook: the encoder went away (or was refused later). */
  end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    for (const viewer of this.viewers) viewer.end();
    this.viewers.clear();
    void this.supervisor.stop().then(() => this.opts.onEnded(this, reason));
  }

  /** Ends the session from our side and waits until ffmpeg has finalised its files. */
  async stop(reason: string): Promise<void> {
    this.connection.close(reason);
    this.end(reason);
    await this.supervisor.stop();
  }
}

function readMetadata(payload: Buffer): Record<string, unknown> {
  try {
    const [, value] = decodeAmf0(payload);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
