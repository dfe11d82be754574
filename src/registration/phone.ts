/**
 * Normalises a phone number as people type it ("+86 138-0013-8000", "(415) 555 0100"):
 * keeps a leading + and the digits. Valid numbers have 6 to 15 digits (E.164's limit).
 * Returns undefined when it cannot be a phone number.
 */
export function normalisePhone(input: string): string | undefined {
  const trimmed = input.trim();
  if (!/^\+?[\d\s\-().]+$/.test(trimmed)) return undefined;
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 6 || digits.length > 15) return undefined;
  return trimmed.startsWith('+') ? `+${digits}` : digits;
}
