/** Escapes TEXT values per RFC 5545 §3.3.11. */
const escapeText = (s: string) =>
  s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Folds content lines longer than 75 octets (RFC 5545 §3.1), never splitting a UTF-8 character. */
function fold(line: string): string {
  // One octet per character: fold by slicing (the usual case, and on every email's .ics).
  if (Buffer.byteLength(line) === line.length) {
    if (line.length <= 75) return line;
    const parts = [line.slice(0, 75)];
    for (let i = 75; i < line.length; i += 74) parts.push(line.slice(i, i + 74));
    return parts.join('\r\n ');
  }
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const utcStamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** A one-event iCalendar file for "add to calendar", with the personal join link. */
export function buildIcs(input: {
  uid: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  url: string;
  /** When this copy of the file was made (RFC 5545: with METHOD, the object's creation time). */
  stampedAt: string;
  /** Revision of the event's time; a client updates its copy only when this grows. */
  sequence: number;
  lastModified: string;
}): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//LeadCast//Webinar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${input.uid}`,
    `DTSTAMP:${utcStamp(input.stampedAt)}`,
    `SEQUENCE:${input.sequence}`,
    `LAST-MODIFIED:${utcStamp(input.lastModified)}`,
    `DTSTART:${utcStamp(input.startsAt)}`,
    `DTEND:${utcStamp(input.endsAt)}`,
    `SUMMARY:${escapeText(input.title)}`,
    `DESCRIPTION:${escapeText(`${input.description}\n\n${input.url}`.trim())}`,
    `LOCATION:${escapeText(input.url)}`,
    `URL:${input.url}`,
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${escapeText(input.title)}`,
    'TRIGGER:-PT15M',
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/**
 * The calendar file for one registration: the event, with the registrant's personal join
 * link. The UID stays the registration's, so a file with a higher SEQUENCE (the event was
 * moved) updates the entry a calendar already holds instead of adding a second one.
 */
export function registrationIcs(
  event: {
    title: string;
    summary: string;
    starts_at: string;
    ends_at: string;
    updated_at: string;
    schedule_sequence: number;
  },
  registration: { id: string; join_token: string },
  baseUrl: string,
  now: Date,
): string {
  return buildIcs({
    uid: `${registration.id}@${new URL(baseUrl).hostname}`,
    title: event.title,
    description: event.summary,
    startsAt: event.starts_at,
    endsAt: event.ends_at,
    url: `${baseUrl}/j/${registration.join_token}`,
    stampedAt: now.toISOString(),
    sequence: event.schedule_sequence,
    lastModified: event.updated_at,
  });
}

/** The calendar file of the event itself (from its landing page, before registering): links to the landing page. */
export function eventIcs(
  event: {
    id: string;
    slug: string;
    title: string;
    summary: string;
    starts_at: string;
    ends_at: string;
    updated_at: string;
    schedule_sequence: number;
  },
  baseUrl: string,
  now: Date,
): string {
  return buildIcs({
    uid: `${event.id}@${new URL(baseUrl).hostname}`,
    title: event.title,
    description: event.summary,
    startsAt: event.starts_at,
    endsAt: event.ends_at,
    url: `${baseUrl}/e/${event.slug}`,
    stampedAt: now.toISOString(),
    sequence: event.schedule_sequence,
    lastModified: event.updated_at,
  });
}
