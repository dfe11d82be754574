import { randomInt } from 'node:crypto';

/**
 * Crockford's lowercase base32 without 0 and 1 (read aloud or off a poster they pass for
 * o and l): 30 symbols, so a 7-character code is one of 2.2 × 10¹⁰.
 */
export const CODE_ALPHABET = '23456789abcdefghjkmnpqrstvwxyz';
export const CODE_LENGTH = 7;
const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/**
 * A short channel code from the CSPRNG: not sequential, so one link does not reveal the
 * others. Uniqueness is the database's unique index; the caller retries on a collision.
 */
export function newChannelCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** Whether `value` could be a channel code (checked before any lookup). */
export const isChannelCode = (value: unknown): value is string =>
  typeof value === 'string' && CODE_PATTERN.test(value);
