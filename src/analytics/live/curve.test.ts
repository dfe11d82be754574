import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mean, median, minuteOf, minutesBetween, onMinutes, peakOf, retention } from './curve.js';

describe('live curve maths', () => {
  it('lays per-minute facts onto every minute of the window, zeros where nothing was counted', () => {
    const minutes = minutesBetween('2026-12-10T06:00:00.000Z', '2026-12-10T06:03:00.000Z');
    assert.equal(minutes.length, 4);
    const values = onMinutes(
      minutes,
      new Map([
        ['2026-12-10T06:00:00.000Z', 5],
        ['2026-12-10T06:02:00.000Z', 9],
      ]),
    );
    assert.deepEqual(values, [5, 0, 9, 0]);
    assert.deepEqual(peakOf(minutes, values), { value: 9, minute: '2026-12-10T06:02:00.000Z' });
    assert.equal(peakOf(minutes, [0, 0, 0, 0]), null);
    assert.equal(minuteOf('2026-12-10T06:02:59.999Z'), '2026-12-10T06:02:00.000Z');
  });

  it('takes the first minute of a tied peak', () => {
    assert.equal(peakOf(['a', 'b', 'c'], [3, 7, 7])?.minute, 'b');
  });

  it('averages and takes medians of watch times', () => {
    assert.equal(mean([]), null);
    assert.equal(median([]), null);
    assert.equal(mean([60, 120, 600]), 260);
    assert.equal(median([600, 60, 120]), 120);
    assert.equal(median([60, 120, 600, 900]), 360);
  });

  it('draws the drop-off curve: who was still watching after each minute', () => {
    // Three viewers: 90 s, 150 s, 180 s.
    assert.deepEqual(retention([150, 90, 180]), [
      { minute: 0, viewers: 3, share: 1 },
      { minute: 1, viewers: 3, share: 1 },
      { minute: 2, viewers: 2, share: 0.6667 },
      { minute: 3, viewers: 1, share: 0.3333 },
    ]);
    assert.deepEqual(retention([]), []);
    const long = retention([10 * 3600]);
    assert.ok(long.length <= 241);
    assert.equal(long[1]!.minute, 3);
  });
});
