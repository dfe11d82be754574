import type { Locale } from '../i18n/index.js';

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, timeZone: string, options: Intl.DateTimeFormatOptions) {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    cache.set(key, f);
  }
  return f;
}

/** Remembers up to `max` results of `compute` by key (oldest forgotten first). */
function memo<A extends string[], T>(max: number, compute: (...args: A) => T): (...args: A) => T {
  const results = new Map<string, T>();
  return (...args) => {
    const key = args.join('\u0000');
    let value = results.get(key);
    if (value === undefined) {
      value = compute(...args);
      if (results.size >= max) results.delete(results.keys().next().value as string);
      results.set(key, value);
    }
    return value;
  };
}

/**
 * "Thursday, December 10, 2026 at 2:00 PM – 3:00 PM" in the zone, for the locale.
 * Remembered: every page and email of an event shows the same few ranges.
 */
export const formatEventRange = memo(1000, eventRange);

function eventRange(startIso: string, endIso: string, timeZone: string, locale: Locale): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  const sameDay =
    formatter(locale, timeZone, { dateStyle: 'short' }).format(start) ===
    formatter(locale, timeZone, { dateStyle: 'short' }).format(end);
  const startText = formatter(locale, timeZone, { dateStyle: 'full', timeStyle: 'short' }).format(start);
  const endText = formatter(
    locale,
    timeZone,
    sameDay ? { timeStyle: 'short' } : { dateStyle: 'full', timeStyle: 'short' },
  ).format(end);
  return `${startText} – ${endText}`;
}

/** "Asia/Shanghai, GMT+8" — the zone's name and its offset at that instant. */
export const formatZone = memo(1000, zoneLabel);

function zoneLabel(iso: string, timeZone: string, locale: Locale): string {
  const offset =
    formatter(locale, timeZone, { timeZoneName: 'shortOffset' })
      .formatToParts(new Date(iso))
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  return `${timeZone.replace(/_/g, ' ')}, ${offset}`;
}

/** "14:00" style time of day in the zone. */
export const formatTime = (iso: string, timeZone: string, locale: Locale) =>
  formatter(locale, timeZone, { timeStyle: 'short' }).format(new Date(iso));
