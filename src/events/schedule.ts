import type { FieldErrors } from '../errors.js';
import { parseEventTime } from './time.js';

/**
 * Reads a start/end pair in the event's zone into UTC ISO strings, or the field errors
 * that stop it. The end must come after the start; events are at most 7 days long.
 */
export function resolveSchedule(
  input: { starts_at: string; ends_at: string },
  timezone: string,
): { ok: true; starts_at: string; ends_at: string } | { ok: false; fields: FieldErrors } {
  const start = parseEventTime(input.starts_at, timezone);
  const end = parseEventTime(input.ends_at, timezone);
  const fields: FieldErrors = {};
  if (!start) fields.starts_at = 'Enter a date and time like 2026-12-10T14:00';
  if (!end) fields.ends_at = 'Enter a date and time like 2026-12-10T15:00';
  if (start && end && end <= start) fields.ends_at = 'The end must be after the start';
  if (start && end && end.getTime() - start.getTime() > 7 * 86_400_000)
    fields.ends_at = 'An event lasts at most 7 days';
  if (!start || !end || Object.keys(fields).length) return { ok: false, fields };
  return { ok: true, starts_at: start.toISOString(), ends_at: end.toISOString() };
}
