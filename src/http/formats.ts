import { z } from 'zod';
import { isValidTimeZone } from '../events/time.js';

/**
 * Building blocks of response schemas (`config.doc.response`). They describe what the
 * server writes, so they carry the JSON Schema `format` a client can rely on.
 */

/** A UTC instant as stored: `2026-12-10T06:00:00.000Z`. */
export const timestamp = z.iso.datetime();
/** An address the server already validated on the way in. */
export const emailAddress = z.string().meta({ format: 'email' });
/** An IANA time zone name (`Asia/Shanghai`); `time-zone` is a format of this document. */
export const timeZone = z.string().meta({ format: 'time-zone' });
/** Wall-clock time in an event's zone, without offset: `2026-12-10T14:00`. */
export const localTime = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
/** An absolute URL. */
export const absoluteUrl = z.url();
/** A path on this site (`/files/…`). */
export const sitePath = z.string().regex(/^\//);
/** An absolute URL or a path on this site (`/files/…`): an RFC 3986 URI reference. */
export const uriReference = z.string().meta({ format: 'uri-reference' });
/** The answer of an action that has nothing else to say. */
export const okResponse = z.object({ ok: z.literal(true) });

/** The `time-zone` format, for validators of this document. */
export const timeZoneFormat = (value: string) => isValidTimeZone(value);
