/**
 * Time-zone math for events. Everything is stored in UTC; people enter and read times
 * as wall-clock time in the event's IANA time zone. Pure functions over Intl, so they
 * follow the tz database Node ships (DST included).
 */

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const OFFSET_RE = /(Z|[+-]\d{2}:?\d{2})$/;

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(date: Date, tz: string) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]));
  return { y: +p.year!, mo: +p.month!, d: +p.day!, h: +p.hour!, mi: +p.minute!, s: +p.second! };
}

/** The zone's offset from UTC at `date`, in milliseconds (e.g. +8 h for Asia/Shanghai). */
export function zoneOffsetMs(date: Date, tz: string): number {
  const p = partsIn(date, tz);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * Converts wall-clock `YYYY-MM-DDTHH:mm[:ss]` in `tz` to a UTC Date. A time skipped by a
 * DST jump resolves to the instant after the gap; an ambiguous time takes the earlier one.
 * Returns undefined for a malformed or impossible local time.
 */
export function zonedLocalToUtc(local: string, tz: string): Date | undefined {
  const m = LOCAL_RE.exec(local);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return undefined;
  // Try both offsets around the instant; the earliest candidate that reads back as `wall` wins.
  const candidates = [
    zoneOffsetMs(new Date(wall - 86_400_000), tz),
    zoneOffsetMs(new Date(wall + 86_400_000), tz),
  ]
    .map((offset) => wall - offset)
    .sort((a, b) => a - b);
  for (const c of candidates) {
    if (wall - zoneOffsetMs(new Date(c), tz) === c) return new Date(c);
  }
  return new Date(candidates[candidates.length - 1]!);
}

/** UTC instant → wall-clock `YYYY-MM-DDTHH:mm` in `tz`. */
export function utcToZonedLocal(date: Date, tz: string): string {
  const p = partsIn(date, tz);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}`;
}

/**
 * Reads an event time as given by a person or an integration: ISO with an offset or Z
 * is taken as is; a bare local time is read in the event's zone.
 */
export function parseEventTime(input: string, tz: string): Date | undefined {
  if (OFFSET_RE.test(input)) {
    const t = Date.parse(input);
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  return zonedLocalToUtc(input, tz);
}
