/** What the studio shows about the incoming stream (API JSON, snake_case); every figure is measured on our side. */
export interface StreamHealth {
  connected_at: string;
  connected_seconds: number;
  remote_address: string;
  encoder: string | null;
  video: {
    codec: string | null;
    width: number | null;
    height: number | null;
    fps: number;
    kbps: number;
  } | null;
  audio: { codec: string | null; kbps: number; sample_rate: number | null } | null;
  /** How far media arrives behind real time (network or encoder too slow), ms. */
  late_ms: number;
  /** Frames not passed on because the packager was backed up or restarting. */
  dropped_frames: number;
  packager_restarts: number;
  /** Set when the codec cannot be played in browsers; the studio shows it as an error. */
  unsupported: string | null;
}

interface Sample {
  at: number;
  video: boolean;
  bytes: number;
}

const WINDOW_MS = 5000;

/**
 * Sliding-window meter over the last 5 s of media: frame rate, bitrates and lateness.
 * Pure bookkeeping over (wall time, media timestamp) pairs so it is unit-testable.
 */
export class HealthMeter {
  private samples: Sample[] = [];
  private firstWall: number | undefined;
  private firstMedia: number | undefined;
  private lag = 0;

  constructor(readonly startedAt: number) {}

  record(kind: 'audio' | 'video', bytes: number, mediaMs: number, wallMs: number) {
    this.samples.push({ at: wallMs, video: kind === 'video', bytes });
    if (kind === 'video') {
      if (this.firstWall === undefined || this.firstMedia === undefined) {
        this.firstWall = wallMs;
        this.firstMedia = mediaMs;
      }
      this.lag = Math.max(0, wallMs - this.firstWall - (mediaMs - this.firstMedia));
    }
    this.prune(wallMs);
  }

  private prune(now: number) {
    let drop = 0;
    while (drop < this.samples.length && (this.samples[drop]?.at ?? now) < now - WINDOW_MS) drop++;
    if (drop) this.samples = this.samples.slice(drop);
  }

  rates(now: number) {
    this.prune(now);
    const span = Math.max(1000, Math.min(WINDOW_MS, now - this.startedAt)) / 1000;
    let frames = 0;
    let videoBytes = 0;
    let audioBytes = 0;
    for (const s of this.samples) {
      if (s.video) {
        frames++;
        videoBytes += s.bytes;
      } else audioBytes += s.bytes;
    }
    return {
      fps: Math.round((frames / span) * 10) / 10,
      videoKbps: Math.round((videoBytes * 8) / span / 1000),
      audioKbps: Math.round((audioBytes * 8) / span / 1000),
      lateMs: Math.round(this.lag),
      idleMs: now - (this.samples[this.samples.length - 1]?.at ?? this.startedAt),
    };
  }
}
