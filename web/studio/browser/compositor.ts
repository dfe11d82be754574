import { fitInto, lowerThirdRect } from '../../../src/studio/layout.js';
import { type Scene, sceneTiles } from '../../../src/studio/scene.js';

export const PROGRAMME = { width: 1280, height: 720, fps: 30 };

export interface LowerThird {
  name: string;
  title: string;
}

/**
 * Draws the programme on a canvas 30 times a second from the scene (src/studio/scene.ts,
 * layout.ts): slides, people, the lower-third, and — for the latency bench — an optional
 * time code (wall-clock milliseconds) the viewer side can read back.
 *
 * The timer runs in a worker: a page timer is throttled to once a second when the tab is
 * in the background, which would freeze the programme. Only one tick is in flight at a time:
 * the worker sends the next when the page has drawn the last. A worker interval that posts
 * regardless queues ticks faster than a busy page draws them (software canvas, two guest
 * decodes, three encodes on a loaded 2-core machine: about 6 frames a second), and every
 * other task on the page — getDisplayMedia's answer, signalling, clicks — then waits
 * behind a backlog that only grows (measured: getDisplayMedia unanswered after 56 s, one
 * evaluate 44 s). Now a slow page drops frames instead.
 */
export class Compositor {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly sources = new Map<string, HTMLVideoElement>();
  private scene: Scene | undefined;
  private lowerThird: LowerThird | null = null;
  private worker: Worker | undefined;
  frames = 0;
  /** Sources drawn in the last frame, in order (the e2e test and the page's own checks read it). */
  lastTiles: string[] = [];
  timecode = false;

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
    canvas.width = PROGRAMME.width;
    canvas.height = PROGRAMME.height;
    this.ctx = canvas.getContext('2d', { alpha: false }) as CanvasRenderingContext2D;
  }

  /** 'slides' or a participant id → its playing video element; null removes it. */
  setSource(id: string, video: HTMLVideoElement | null) {
    if (video) this.sources.set(id, video);
    else this.sources.delete(id);
  }

  setScene(scene: Scene, lowerThird: LowerThird | null) {
    this.scene = scene;
    this.lowerThird = lowerThird;
  }

  start() {
    try {
      // The page answers each tick once it has drawn; the interval skips while one is unanswered.
      const code = `let waiting = false;
        onmessage = () => { waiting = false; };
        setInterval(() => { if (!waiting) { waiting = true; postMessage(0); } }, ${Math.round(1000 / PROGRAMME.fps)});`;
      this.worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
      this.worker.onmessage = () => {
        try {
          this.draw();
        } finally {
          this.worker?.postMessage(0);
        }
      };
    } catch {
      // A page interval does not pile up: the next run is scheduled after this one ends.
      setInterval(() => this.draw(), 1000 / PROGRAMME.fps);
    }
  }

  private ready(id: string): boolean {
    const v = this.sources.get(id);
    return !!v && v.readyState >= 2 && v.videoWidth > 0;
  }

  draw() {
    const { ctx } = this;
    const { width, height } = PROGRAMME;
    ctx.fillStyle = '#10131c';
    ctx.fillRect(0, 0, width, height);
    if (this.scene) {
      const present = new Set([...this.sources.keys()].filter((id) => id !== 'slides' && this.ready(id)));
      const tiles = sceneTiles(this.scene, { width, height }, present, this.ready('slides'));
      this.lastTiles = tiles.map((t) => t.source);
      for (const tile of tiles) {
        const video = this.sources.get(tile.source);
        if (!video) continue;
        const { src, dst } = fitInto(video.videoWidth, video.videoHeight, tile.rect, tile.fit);
        if (tile.fit === 'contain') {
          ctx.fillStyle = '#000';
          ctx.fillRect(tile.rect.x, tile.rect.y, tile.rect.w, tile.rect.h);
        }
        ctx.drawImage(video, src.x, src.y, src.w, src.h, dst.x, dst.y, dst.w, dst.h);
      }
      if (this.lowerThird) this.drawLowerThird(this.lowerThird);
    }
    if (this.timecode) this.drawTimecode();
    this.frames++;
  }

  private drawLowerThird(lt: LowerThird) {
    const { ctx } = this;
    const r = lowerThirdRect(PROGRAMME);
    ctx.fillStyle = 'rgba(16,19,28,.82)';
    ctx.fillRect(r.x, r.y, r.w, r.h);
    ctx.fillStyle = '#2f5fe0';
    ctx.fillRect(r.x, r.y, 8, r.h);
    ctx.fillStyle = '#fff';
    ctx.font = `600 ${Math.round(r.h * 0.36)}px system-ui, "PingFang SC", "Microsoft YaHei", sans-serif`;
    ctx.textBaseline = 'top';
    ctx.fillText(lt.name, r.x + 24, r.y + r.h * 0.12, r.w - 36);
    ctx.fillStyle = '#c9d1e6';
    ctx.font = `${Math.round(r.h * 0.26)}px system-ui, "PingFang SC", "Microsoft YaHei", sans-serif`;
    ctx.fillText(lt.title, r.x + 24, r.y + r.h * 0.56, r.w - 36);
  }

  /**
   * The wall clock as 16 black/white blocks per 4 bits … simpler to read back than text:
   * 44 bits of milliseconds, one 20×20 block per bit in the top row.
   */
  private drawTimecode() {
    const { ctx } = this;
    const now = Date.now();
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, 44 * 20 + 8, 28);
    for (let bit = 0; bit < 44; bit++) {
      ctx.fillStyle = Math.floor(now / 2 ** bit) % 2 === 1 ? '#fff' : '#000';
      ctx.fillRect(4 + bit * 20, 4, 20, 20);
    }
  }
}

/** Reads the time code drawn by `Compositor.drawTimecode` from a frame (the latency bench's viewer side). */
export function readTimecode(ctx: CanvasRenderingContext2D, scale = 1): number {
  let value = 0;
  for (let bit = 0; bit < 44; bit++) {
    const [r = 0] = ctx.getImageData(
      Math.round((4 + bit * 20 + 10) * scale),
      Math.round(14 * scale),
      1,
      1,
    ).data;
    if (r > 127) value += 2 ** bit;
  }
  return value;
}
