import type { EventStatus } from '../events/tables.js';

const MAX_ENTRIES = 10_000;

/**
 * The event status behind each media path, for the media routes: a player asks for a
 * playlist every second or two, far too often to ask the database each time. A status
 * is re-read after `ttlMs`; the live service forgets a path at once when it moves that
 * event itself (go live, end, on demand), so only changes made elsewhere wait for the TTL.
 * `null` means no event has that media path.
 */
export class MediaStatusCache {
  private readonly entries = new Map<string, { status: EventStatus | null; at: number }>();

  constructor(
    private readonly lookup: (mediaPath: string) => Promise<EventStatus | null>,
    private readonly ttlMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached status if it is fresh (the synchronous fast path), else undefined. */
  peek(mediaPath: string): { status: EventStatus | null } | undefined {
    const hit = this.entries.get(mediaPath);
    return hit && this.now() - hit.at < this.ttlMs ? hit : undefined;
  }

  async get(mediaPath: string): Promise<EventStatus | null> {
    const hit = this.peek(mediaPath);
    if (hit) return hit.status;
    const status = await this.lookup(mediaPath);
    this.entries.delete(mediaPath);
    this.entries.set(mediaPath, { status, at: this.now() });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return status;
  }

  forget(mediaPath: string) {
    this.entries.delete(mediaPath);
  }
}
