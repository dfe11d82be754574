import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type EventTiming, effectivePlan, verdict } from './steps.js';

const event: EventTiming = {
  status: 'scheduled',
  starts_at: '2030-12-10T06:00:00.000Z',
  ends_at: '2030-12-10T07:30:00.000Z',
};
const plan = effectivePlan([]);
const step = (name: string, p = plan) => p.find((s) => s.step === name)!;
const at = (iso: string) => new Date(iso);

describe('email plan timing', () => {
  it('is on by default except the replay email, with a day and an hour before the start', () => {
    assert.deepEqual(
      plan.map((s) => [s.step, s.enabled, s.offsetMinutes]),
      [
        ['reminder_1d', true, 1440],
        ['reminder_1h', true, 60],
        ['live', true, null],
        ['followup_attendees', true, 60],
        ['followup_absentees', true, 60],
        ['replay', false, null],
        ['cancellation', true, null],
      ],
    );
  });

  it('a reminder waits for its time, is sent in its window, and is dropped once the event started', () => {
    assert.deepEqual(verdict(step('reminder_1d'), plan, event, at('2030-12-09T05:59:59.000Z')), {
      send: false,
      wait: at('2030-12-09T06:00:00.000Z'),
    });
    assert.deepEqual(verdict(step('reminder_1d'), plan, event, at('2030-12-09T06:00:00.000Z')), {
      send: true,
    });
    assert.deepEqual(verdict(step('reminder_1h'), plan, event, at('2030-12-10T06:00:00.000Z')), {
      send: false,
      drop: 'the event has started',
    });
  });

  it('drops the day-before reminder when the hour-before one is due too, unless that one is off', () => {
    const late = at('2030-12-10T05:30:00.000Z');
    assert.deepEqual(verdict(step('reminder_1d'), plan, event, late), {
      send: false,
      drop: 'a later reminder is due',
    });
    const without1h = effectivePlan([{ step: 'reminder_1h', enabled: 0, offset_minutes: null }]);
    assert.deepEqual(verdict(step('reminder_1d', without1h), without1h, event, late), { send: true });
  });

  it('follows the event: a moved start moves the reminder, an unpublished event drops it', () => {
    const moved = { ...event, starts_at: '2030-12-12T06:00:00.000Z', ends_at: '2030-12-12T07:00:00.000Z' };
    assert.deepEqual(verdict(step('reminder_1d'), plan, moved, at('2030-12-09T06:00:00.000Z')), {
      send: false,
      wait: at('2030-12-11T06:00:00.000Z'),
    });
    assert.deepEqual(
      verdict(step('reminder_1d'), plan, { ...event, status: 'draft' }, at('2030-12-09T06:00:00.000Z')),
      {
        send: false,
        drop: 'event is draft',
      },
    );
  });

  it('follow-ups wait for the end and the offset, and go stale after a week', () => {
    const ended = { ...event, status: 'ended' as const };
    assert.deepEqual(
      verdict(step('followup_attendees'), plan, { ...event, status: 'live' }, at('2030-12-10T09:00:00.000Z')),
      {
        send: false,
        wait: at('2030-12-10T08:30:00.000Z'),
      },
    );
    assert.deepEqual(verdict(step('followup_attendees'), plan, ended, at('2030-12-10T08:30:00.000Z')), {
      send: true,
    });
    assert.deepEqual(verdict(step('followup_absentees'), plan, ended, at('2030-12-18T08:30:00.000Z')), {
      send: false,
      drop: 'too late for a follow-up',
    });
  });

  it('"we are live", replay and cancellation follow the status', () => {
    const now = at('2030-12-10T06:05:00.000Z');
    assert.deepEqual(verdict(step('live'), plan, { ...event, status: 'live' }, now), { send: true });
    assert.deepEqual(verdict(step('live'), plan, { ...event, status: 'ended' }, now), {
      send: false,
      drop: 'event is ended',
    });
    const withReplay = effectivePlan([{ step: 'replay', enabled: 1, offset_minutes: null }]);
    assert.deepEqual(
      verdict(step('replay', withReplay), withReplay, { ...event, status: 'on_demand' }, now),
      { send: true },
    );
    assert.deepEqual(verdict(step('replay'), plan, { ...event, status: 'on_demand' }, now), {
      send: false,
      drop: 'step switched off',
    });
    assert.deepEqual(verdict(step('cancellation'), plan, { ...event, status: 'draft' }, now), { send: true });
  });
});
