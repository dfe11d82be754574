import type { MissingSource } from '../sources/figure.js';

export const FUNNEL_STEPS = [
  'visits',
  'registrations',
  'attendees',
  'leads',
  'mqls',
  'opportunities',
  'won',
] as const;
export type FunnelStepName = (typeof FUNNEL_STEPS)[number];

/** A step's count, or which facts are missing for it. */
export type StepCount = number | { missing: MissingSource };

export interface FunnelStep {
  step: FunnelStepName;
  available: boolean;
  count: number | null;
  /** count ÷ the previous step's count; null for the first step, or when either is missing or zero. */
  rate: number | null;
  missing: MissingSource | null;
}

/** A ratio rounded to 4 decimals (0.4 = 40 %), or null when it has no meaning. */
export function ratio(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole === 0) return null;
  return Math.round((part / whole) * 10_000) / 10_000;
}

/**
 * The funnel in order, each step with its conversion from the step before. A missing step
 * stays missing (never 0), and the rates next to it are null rather than guessed.
 *
 * @example funnel({ visits: { missing: 'promotion_visits' }, registrations: 1000, attendees: 400, … })
 *   → registrations.rate null, attendees.rate 0.4
 */
export function funnel(counts: Record<FunnelStepName, StepCount>): FunnelStep[] {
  let previous: number | null = null;
  return FUNNEL_STEPS.map((step, i) => {
    const value = counts[step];
    const count = typeof value === 'number' ? value : null;
    const row: FunnelStep = {
      step,
      available: count !== null,
      count,
      rate: i === 0 ? null : ratio(count, previous),
      missing: typeof value === 'number' ? null : value.missing,
    };
    previous = count;
    return row;
  });
}
