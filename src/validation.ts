import { z } from 'zod';
import { AppError, type FieldErrors } from './errors.js';
import { type Locale, t } from './i18n/index.js';

/**
 * Control characters no field stores: C0 except tab, line feed and carriage return, DEL, and
 * C1. U+0000 is among them: PostgreSQL refuses it in text (a 500 before this check) and SQLite
 * stored it and wrote it raw into the CSV.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Single-line values (names, titles, path and query parameters) refuse tab and line breaks too. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F-\u009F]/;

export const CONTROL_CHARS_MESSAGE = 'field.control_chars';

/** True when a single-line value holds a control character, tab or line break. */
export const hasControlChars = (value: string) => CONTROL_OR_BREAK.test(value);

const CONTROL_ALL = new RegExp(CONTROL.source, 'g');
const CONTROL_OR_BREAK_ALL = new RegExp(CONTROL_OR_BREAK.source, 'g');

/**
 * `value` without control characters (and without tabs and line breaks unless `multiLine`):
 * for what we keep without refusing it (User-Agent) or write out (CSV).
 */
export const withoutControlChars = (value: string, { multiLine = false } = {}) =>
  value.replace(multiLine ? CONTROL_ALL : CONTROL_OR_BREAK_ALL, '');

/** A trimmed single-line text field of at most `max` characters (no control characters, tabs or breaks). */
export const line = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !CONTROL_OR_BREAK.test(v), CONTROL_CHARS_MESSAGE);

/**
 * An absolute http(s) address a person will be sent to (an offer's link, a privacy policy): it
 * must parse as a URL with a plain host name or IP address and no user name or password. It is
 * kept as an RFC 3986 URI: as the URL parser writes it (punycode host, percent-encoded path),
 * then with what that parser leaves bare but RFC 3986 forbids (`|`, `^`, `{`, a stray `%`, a
 * second `#`) percent-encoded too, so what is stored is what every client and the API
 * document's `uri` format accept. `sitePaths` also lets a path on this site through.
 */
export const webUrl = (max: number, { sitePaths = false } = {}) =>
  line(max)
    .refine((v) => toUri(v, sitePaths) !== null, sitePaths ? 'field.url' : 'field.web_url')
    .transform((v) => toUri(v, sitePaths) as string);

/** A host name of letters, digits, `-`, `_` and dots (punycode for the rest), or an IP address. */
const PLAIN_HOST = /^(?:[a-z0-9_-]+\.)*[a-z0-9_-]+\.?$|^\[[0-9a-f:.]+\]$/i;
/** What RFC 3986 does not allow bare in a path, query or fragment (and a `%` that starts no escape). */
const NOT_URI = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9_\-.~!$&'()*+,;=:@/?%]/gu;
const SITE = 'http://site.invalid';

/** True for an absolute http(s) URL with a plain host and without credentials. */
export function isWebUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) return false;
  const url = new URL(value);
  return PLAIN_HOST.test(url.hostname) && url.username === '' && url.password === '';
}

/**
 * The address as an RFC 3986 URI, or null when it is not one a person may be sent to. A path on
 * this site (when allowed) must start with one slash and still do so once `.` and `..` are
 * resolved: `//host` and `/\\host` are read by browsers as another site.
 */
function toUri(value: string, sitePaths: boolean): string | null {
  if (sitePaths && /^\/(?![/\\])/.test(value)) {
    const tail = new URL(value, SITE).href.slice(SITE.length);
    return tail.startsWith('//') ? null : encodeUriTail(tail);
  }
  if (!isWebUrl(value)) return null;
  const url = new URL(value);
  const origin = `${url.protocol}//${url.host}`;
  return origin + encodeUriTail(url.href.slice(origin.length));
}

/** Path and query, then fragment (whose own `#` is encoded), as the URL parser wrote them. */
function encodeUriTail(tail: string): string {
  const hash = tail.indexOf('#');
  const encode = (part: string) => part.replace(NOT_URI, (c) => encodeURIComponent(c));
  return hash < 0 ? encode(tail) : `${encode(tail.slice(0, hash))}#${encode(tail.slice(hash + 1))}`;
}

/** A trimmed multi-line text field: tabs and line breaks allowed, other control characters not. */
export const multiline = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !CONTROL.test(v), CONTROL_CHARS_MESSAGE);

/**
 * Paths of every string (and object key) in `input` holding a control character (other than
 * tab and line breaks, unless `multiLine` is false): the boundary check every parsed input
 * passes first, whatever its schema.
 */
export function controlCharPaths(input: unknown, { multiLine = true } = {}): string[] {
  const refused = multiLine ? CONTROL : CONTROL_OR_BREAK;
  const found: string[] = [];
  const walk = (value: unknown, path: string[], depth: number) => {
    if (typeof value === 'string') {
      if (refused.test(value)) found.push(path.length ? path.join('.') : '_');
      return;
    }
    if (depth > 16 || value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (CONTROL_OR_BREAK.test(key)) found.push(path.length ? path.join('.') : '_');
      else walk(inner, [...path, key], depth + 1);
    }
  };
  walk(input, [], 0);
  return found;
}

/**
 * Zod's issue → our message key (src/i18n/messages.ts), for issues whose schema gave no
 * message of its own: people never see zod's English texts.
 */
function messageKey(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? 'field.required' : 'field.invalid_type';
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'field.required' : 'field.too_short';
      return issue.origin === 'array' || issue.origin === 'set' ? 'field.too_few' : 'field.too_small';
    case 'too_big':
      if (issue.origin === 'string') return 'field.too_long';
      return issue.origin === 'array' || issue.origin === 'set' ? 'field.too_many' : 'field.too_large';
    case 'invalid_format':
      return issue.format === 'email' ? 'field.email' : 'field.invalid_format';
    case 'invalid_value':
      return 'field.invalid_choice';
    case 'unrecognized_keys':
      return 'field.unknown';
    default:
      return 'field.invalid';
  }
}

/** Parse options that give every issue without a schema message one of our keys. */
export const ourMessages = { error: (issue: z.core.$ZodRawIssue) => messageKey(issue) };

/** Turns zod issues into `{ 'field.path': 'message' }` in `locale`, first message per field. */
export function fieldErrorsOf(error: z.ZodError, locale: Locale = 'en'): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    const extra = issue as { minimum?: unknown; maximum?: unknown; params?: Record<string, unknown> };
    const params: Record<string, string> = {
      min: String(extra.minimum ?? ''),
      max: String(extra.maximum ?? ''),
    };
    // A custom issue names its message's values in `params` (e.g. `{ fact: 'seniority' }`).
    for (const [name, value] of Object.entries(extra.params ?? {})) params[name] = String(value);
    fields[key] ??= t(locale, issue.message, params);
  }
  return fields;
}

/**
 * A validation failure whose field messages can be given in the language of whoever asked:
 * the error handler (src/http/errors.ts) calls `fieldsIn(locale)` before answering.
 */
export class ValidationFailed extends AppError {
  constructor(readonly fieldsIn: (locale: Locale) => FieldErrors) {
    super('VALIDATION_FAILED', 'Some fields are invalid', { fields: fieldsIn('en') });
  }
}

const controlCharsFailure = (paths: string[]) =>
  new ValidationFailed(
    (locale) => Object.fromEntries(paths.map((p) => [p, t(locale, CONTROL_CHARS_MESSAGE)])) as FieldErrors,
  );

/** Refuses control characters anywhere in `input` (see controlCharPaths). */
export function assertNoControlChars(input: unknown, options?: { multiLine?: boolean }): void {
  const paths = controlCharPaths(input, options);
  if (paths.length) throw controlCharsFailure(paths);
}

/**
 * Validates input against a schema with our own messages; throws VALIDATION_FAILED with
 * field messages (in the caller's language, see ValidationFailed). Control characters are
 * refused first, in every field, whatever the schema says.
 */
export function safeParseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { success: true; data: z.output<S> } | { success: false; error: ValidationFailed } {
  const paths = controlCharPaths(input);
  if (paths.length) return { success: false, error: controlCharsFailure(paths) };
  const result = schema.safeParse(input, ourMessages);
  if (result.success) return { success: true, data: result.data };
  const { error } = result;
  return { success: false, error: new ValidationFailed((locale) => fieldErrorsOf(error, locale)) };
}

/** Validates input against a schema; throws VALIDATION_FAILED with field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = safeParseInput(schema, input);
  if (!result.success) throw result.error;
  return result.data;
}
