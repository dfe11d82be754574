import type { EventStatus } from '../../events/tables.js';

/**
 * The steps of an event's email plan. The confirmation is sent by registration itself
 * (src/registration/confirmation-mail.ts) and is not a step here.
 */
export const STEPS = [
  'reminder_1d',
  'reminder_1h',
  'live',
  'followup_attendees',
  'followup_absentees',
  'replay',
  'cancellation',
] as const;
export type Step = (typeof STEPS)[number];
export const isStep = (s: string): s is Step => (STEPS as readonly string[]).includes(s);

/** Who a step (or a campaign) goes to, among an event's active registrations. */
export type AudienceKind = 'registrants' | 'attendees' | 'absentees' | 'not_in_room';

/**
 * What starts a step: minutes before the start, minutes after the end (once the event has
 * ended), the host going live, the replay being published, or the team cancelling.
 */
type Anchor = 'before_start' | 'after_end' | 'live' | 'on_demand' | 'cancelled';

export interface StepDefinition {
  anchor: Anchor;
  /** Minutes from the anchor (before_start / after_end only). */
  defaultOffset: number | null;
  enabledByDefault: boolean;
  /**
   * Marketing email is not sent to contacts who unsubscribed. The others are about an
   * event the person registered for and carry their join link, so they still go out.
   */
  marketing: boolean;
  audience: AudienceKind;
}

export const stepDefinitions: Record<Step, StepDefinition> = {
  reminder_1d: {
    anchor: 'before_start',
    defaultOffset: 24 * 60,
    enabledByDefault: true,
    marketing: false,
    audience: 'registrants',
  },
  reminder_1h: {
    anchor: 'before_start',
    defaultOffset: 60,
    enabledByDefault: true,
    marketing: false,
    audience: 'registrants',
  },
  live: {
    anchor: 'live',
    defaultOffset: null,
    enabledByDefault: true,
    marketing: false,
    audience: 'not_in_room',
  },
  followup_attendees: {
    anchor: 'after_end',
    defaultOffset: 60,
    enabledByDefault: true,
    marketing: true,
    audience: 'attendees',
  },
  followup_absentees: {
    anchor: 'after_end',
    defaultOffset: 60,
    enabledByDefault: true,
    marketing: true,
    audience: 'absentees',
  },
  replay: {
    anchor: 'on_demand',
    defaultOffset: null,
    enabledByDefault: false,
    marketing: true,
    audience: 'registrants',
  },
  cancellation: {
    anchor: 'cancelled',
    defaultOffset: null,
    enabledByDefault: true,
    marketing: false,
    audience: 'registrants',
  },
};

/** A follow-up is not sent later than this after its time (say, after a long outage): it would be stale. */
export const FOLLOW_UP_STALE_MS = 7 * 86_400_000;

export interface PlanStep {
  step: Step;
  enabled: boolean;
  /** Minutes before the start / after the end; null for steps started by a change of status. */
  offsetMinutes: number | null;
}

/** The plan as it runs: the defaults, overridden by the team's saved changes. */
export function effectivePlan(
  saved: { step: string; enabled: number; offset_minutes: number | null }[],
): PlanStep[] {
  return STEPS.map((step) => {
    const def = stepDefinitions[step];
    const row = saved.find((r) => r.step === step);
    return {
      step,
      enabled: row ? row.enabled === 1 : def.enabledByDefault,
      offsetMinutes: def.defaultOffset === null ? null : (row?.offset_minutes ?? def.defaultOffset),
    };
  });
}

export interface EventTiming {
  status: EventStatus;
  starts_at: string;
  ends_at: string;
}

/**
 * When a time-based step is due for the event as it is now (it follows the event when it
 * moves); null for steps started by a change of status.
 */
export function dueAt(step: PlanStep, event: EventTiming): Date | null {
  const def = stepDefinitions[step.step];
  const minutes = step.offsetMinutes ?? 0;
  if (def.anchor === 'before_start') return new Date(Date.parse(event.starts_at) - minutes * 60_000);
  if (def.anchor === 'after_end') return new Date(Date.parse(event.ends_at) + minutes * 60_000);
  return null;
}

export type Verdict = { send: true } | { send: false; wait: Date } | { send: false; drop: string };

/**
 * Whether a step should go out now, for an event as it is now. The scheduler asks before
 * starting a step, and the sender asks again before each email, so a moved event's
 * unsent reminders wait for the new time and a cancelled event's are dropped.
 * A reminder whose later sibling is also due is dropped (after an outage the registrant
 * gets "in an hour", not both).
 */
export function verdict(step: PlanStep, plan: PlanStep[], event: EventTiming, now: Date): Verdict {
  if (!step.enabled) return { send: false, drop: 'step switched off' };
  const def = stepDefinitions[step.step];
  const t = now.getTime();
  switch (def.anchor) {
    case 'before_start': {
      if (event.status !== 'scheduled') return { send: false, drop: `event is ${event.status}` };
      if (t >= Date.parse(event.starts_at)) return { send: false, drop: 'the event has started' };
      const at = dueAt(step, event)!;
      if (t < at.getTime()) return { send: false, wait: at };
      const superseded = plan.some(
        (other) =>
          other.enabled &&
          stepDefinitions[other.step].anchor === 'before_start' &&
          (other.offsetMinutes ?? 0) < (step.offsetMinutes ?? 0) &&
          t >= dueAt(other, event)!.getTime(),
      );
      return superseded ? { send: false, drop: 'a later reminder is due' } : { send: true };
    }
    case 'after_end': {
      if (event.status !== 'ended' && event.status !== 'on_demand')
        return t < Date.parse(event.ends_at) || event.status === 'live'
          ? { send: false, wait: dueAt(step, event)! }
          : { send: false, drop: `event is ${event.status}` };
      const at = dueAt(step, event)!;
      if (t < at.getTime()) return { send: false, wait: at };
      if (t > at.getTime() + FOLLOW_UP_STALE_MS) return { send: false, drop: 'too late for a follow-up' };
      return { send: true };
    }
    case 'live':
      return event.status === 'live' ? { send: true } : { send: false, drop: `event is ${event.status}` };
    case 'on_demand':
      return event.status === 'on_demand'
        ? { send: true }
        : { send: false, drop: `event is ${event.status}` };
    case 'cancelled':
      return event.status === 'draft' ? { send: true } : { send: false, drop: `event is ${event.status}` };
  }
}

/** Steps the scheduler starts by itself (the cancellation notice is started by the team). */
export const isScheduled = (step: Step) => stepDefinitions[step].anchor !== 'cancelled';
