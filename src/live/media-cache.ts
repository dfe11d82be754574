import fs from 'node:fs';

/**
 * Keeps recently served media in memory. Segments never change once written (ffmpeg
 * writes them under a temporary name and renames), so they are cached until evicted
 * (least recently used first, bounded in bytes). Playlists change every segment: they
 * are re-read after `playlistTtlMs`, far below the segment duration players poll at.
 * Concurrent misses for one file share a single read.
 */
export class MediaCache {
  private readonly segments = new Map<string, Buffer>();
  private readonly playlists = new Map<string, { body: Buffer; at: number }>();
  private readonly reading = new Map<string, Promise<Buffer>>();
  private bytes = 0;

  constructor(
    private readonly maxBytes = 128 * 1024 * 1024,
    private readonly playlistTtlMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached body if it is fresh, without touching the disk (the fast path). */
  peek(file: string): Buffer | undefined {
    if (file.endsWith('.m3u8')) {
      const hit = this.playlists.get(file);
      return hit && this.now() - hit.at < this.playlistTtlMs ? hit.body : undefined;
    }
    const hit = this.segments.get(file);
    if (hit) {
      this.segments.delete(file); // re-insert: Map order is recency order
      this.segments.set(file, hit);
    }
    return hit;
  }

  async read(file: string): Promise<Buffer> {
    const cached = this.peek(file);
    if (cached) return cached;
    if (file.endsWith('.m3u8')) {
      const body = await this.load(file);
      this.playlists.set(file, { body, at: this.now() });
      if (this.playlists.size > 1000) this.playlists.delete(this.playlists.keys().next().value as string);
      return body;
    }
    const body = await this.load(file);
    this.remember(file, body);
    return body;
  }

  private load(file: string): Promise<Buffer> {
    let pending = this.reading.get(file);
    if (!pending) {
      pending = fs.promises.readFile(file).finally(() => this.reading.delete(file));
      this.reading.set(file, pending);
    }
    return pending;
  }

  private remember(file: string, body: Buffer) {
    if (body.length > this.maxBytes / 8 || this.segments.has(file)) return;
    this.segments.set(file, body);
    this.bytes += body.length;
    for (const [key, value] of this.segments) {
      if (this.bytes <= this.maxBytes) break;
      this.segments.delete(key);
      this.bytes -= value.length;
    }
  }

  /** Forgets everything under `prefix` (a media directory whose files were replaced). */
  forget(prefix: string) {
    for (const [key, value] of this.segments) {
      if (key.startsWith(prefix)) {
        this.segments.delete(key);
        this.bytes -= value.length;
      }
    }
    for (const key of this.playlists.keys()) if (key.startsWith(prefix)) this.playlists.delete(key);
  }

  get size() {
    return { files: this.segments.size, bytes: this.bytes };
  }
}
