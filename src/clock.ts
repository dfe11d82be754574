/** The source of "now". Injected so tests can move time (session expiry, countdowns). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** UTC ISO-8601 with milliseconds: the one timestamp format stored in every database. */
export const isoNow = (clock: Clock) => clock.now().toISOString();
