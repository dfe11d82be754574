/**
 * A figure some report needs but another module records. While that module is not installed
 * (or has recorded nothing a report could use), the report says so instead of showing zeros:
 * `available: false`, which facts are missing, and why.
 */
export type MissingSource = 'promotion_visits' | 'lead_stages';

export interface Unavailable {
  available: false;
  missing: MissingSource;
  reason: string;
}

export type Figure<T> = { available: true; value: T } | Unavailable;

export const unavailable = (missing: MissingSource, reason: string): Unavailable => ({
  available: false,
  missing,
  reason,
});
