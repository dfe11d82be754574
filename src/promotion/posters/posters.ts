import { LRUCache } from 'lru-cache';
import type { EventRow, Events } from '../../events/events.js';
import type { Files } from '../../files/files.js';
import { isLocale, type Locale } from '../../i18n/index.js';
import { formatEventRange } from '../../pages/format.js';
import type { RegistrationRow } from '../../registration/registrations.js';
import type { Referrals } from '../referrals/referrals.js';
import { type PosterSize, renderPoster } from './poster.js';

export type Posters = ReturnType<typeof createPosters>;

/** Covers the rasteriser draws (librsvg in sharp: PNG and JPEG; another cover leaves the poster's colour band). */
const DRAWABLE = new Set(['image/png', 'image/jpeg']);

/**
 * Registrants' invitation posters, rendered on first request and then served from a bounded
 * in-memory LRU (by bytes): a poster is ~40–90 KB, so the default 64 MB holds about a
 * thousand. An evicted poster is simply rendered again — it is a pure function of the event
 * (its `updated_at` is in the key, so an edited event gets new posters), the registrant and
 * the size. Concurrent requests for the same poster share one render.
 */
export function createPosters(deps: {
  events: Pick<Events, 'getEventDetail'>;
  files: Pick<Files, 'open'>;
  referrals: Pick<Referrals, 'codeFor'>;
  baseUrl: string;
  maxBytes?: number;
}) {
  const cache = new LRUCache<string, Buffer>({
    maxSize: deps.maxBytes ?? 64 * 1024 * 1024,
    sizeCalculation: (png) => png.length,
  });
  const covers = new LRUCache<string, { uri: string | undefined }>({ max: 32 });
  const rendering = new Map<string, Promise<Buffer>>();

  async function coverUri(fileId: string | null): Promise<string | undefined> {
    if (!fileId) return undefined;
    const known = covers.get(fileId);
    if (known) return known.uri;
    const { file, bytes } = await deps.files
      .open(fileId)
      .catch(() => ({ file: undefined, bytes: undefined }));
    const uri =
      file && bytes && DRAWABLE.has(file.mime)
        ? `data:${file.mime};base64,${bytes.toString('base64')}`
        : undefined;
    covers.set(fileId, { uri });
    return uri;
  }

  async function render(event: EventRow, registration: RegistrationRow, size: PosterSize) {
    const locale: Locale = isLocale(event.language) ? event.language : 'en';
    const [{ speakers }, code, cover] = await Promise.all([
      deps.events.getEventDetail(event.id),
      deps.referrals.codeFor(registration),
      coverUri(event.cover_file_id),
    ]);
    return renderPoster(
      {
        locale,
        title: event.title,
        when: formatEventRange(event.starts_at, event.ends_at, event.timezone, locale),
        speakers,
        inviter: registration.name,
        link: `${deps.baseUrl}/i/${code}`,
        cover,
      },
      size,
    );
  }

  return {
    /** The registrant's poster in `size`, as PNG. */
    async poster(event: EventRow, registration: RegistrationRow, size: PosterSize): Promise<Buffer> {
      const key = `${registration.id}|${size}|${event.updated_at}`;
      const cached = cache.get(key);
      if (cached) return cached;
      let pending = rendering.get(key);
      if (!pending) {
        pending = render(event, registration, size)
          .then((png) => {
            cache.set(key, png);
            return png;
          })
          .finally(() => rendering.delete(key));
        rendering.set(key, pending);
      }
      return pending;
    },
    /** What the cache holds now (for the bench and tests). */
    stats: () => ({ entries: cache.size, bytes: cache.calculatedSize }),
  };
}
