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
    const bounds = issue as { minimum?: unknown; maximum?: unknown };
    fields[key] ??= t(locale, issue.message, {
      min: String(bounds.minimum ?? ''),
      max: String(bounds.maximum ?? ''),
    });
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
