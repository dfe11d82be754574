import type { z } from 'zod';
import { AppError, type FieldErrors } from './errors.js';

/** Turns zod issues into `{ 'field.path': 'message' }`, first message per field. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Validates input against a schema; throws VALIDATION_FAILED with field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', 'Some fields are invalid', {
      fields: fieldErrorsOf(result.error),
    });
  }
  return result.data;
}
