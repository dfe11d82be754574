import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  closeWindow,
  endBlocker,
  goLiveBlocker,
  openWindow,
  publishBlocker,
  roomState,
  studioState,
} from './state.js';

describe('live state machine', () => {
  it('derives the room state from event status and replay status', () => {
    assert.equal(roomState('draft', 'none'), 'starting_soon');
    assert.equal(roomState('scheduled', 'none'), 'starting_soon');
    assert.equal(roomState('live', 'none'), 'live');
    assert.equal(roomState('ended', 'processing'), 'ended');
    assert.equal(roomState('on_demand', 'processing'), 'ended');
    assert.equal(roomState('on_demand', 'failed'), 'ended');
    assert.equal(roomState('on_demand', 'ready'), 'replay');
  });

  it('derives the studio state: backstage needs a signal before the event is live', () => {
    assert.equal(studioState('scheduled', false, 'none'), 'offline');
    assert.equal(studioState('scheduled', true, 'none'), 'backstage');
    assert.equal(studioState('live', false, 'none'), 'live');
    assert.equal(studioState('ended', true, 'processing'), 'ended');
    assert.equal(studioState('on_demand', false, 'ready'), 'replay');
  });

  it('allows going live from scheduled with a signal; End is final unless an external server records', () => {
    assert.equal(goLiveBlocker('scheduled', true, true), null);
    assert.equal(goLiveBlocker('scheduled', false, true), 'live.error.noSignal');
    assert.equal(goLiveBlocker('scheduled', false, false), null, 'external ingest: we cannot see the signal');
    assert.equal(goLiveBlocker('ended', false, true), 'live.error.ended');
    assert.equal(goLiveBlocker('ended', false, false), null, 'external ingest: no replay was cut');
    assert.equal(goLiveBlocker('live', true, true), 'live.error.alreadyLive');
    assert.equal(goLiveBlocker('draft', true, true), 'live.error.draft');
    assert.equal(goLiveBlocker('on_demand', true, true), 'live.error.onDemand');
  });

  it('ends only a live event', () => {
    assert.equal(endBlocker('live'), null);
    for (const s of ['draft', 'scheduled', 'ended', 'on_demand'] as const)
      assert.equal(endBlocker(s), 'live.error.notLive');
  });

  it('refuses stream keys of ended and on-demand events', () => {
    assert.equal(publishBlocker('draft'), null);
    assert.equal(publishBlocker('scheduled'), null);
    assert.equal(publishBlocker('live'), null);
    assert.equal(publishBlocker('ended'), 'live.refused.eventOver');
    assert.equal(publishBlocker('on_demand'), 'live.refused.eventOver');
  });

  it('opens one window at a time and closes the open one', () => {
    const a = openWindow([], 't1');
    assert.deepEqual(a, [{ start: 't1', end: null }]);
    assert.deepEqual(openWindow(a, 't2'), a, 'already open: unchanged');
    const b = closeWindow(a, 't3');
    assert.deepEqual(b, [{ start: 't1', end: 't3' }]);
    assert.deepEqual(openWindow(b, 't4'), [
      { start: 't1', end: 't3' },
      { start: 't4', end: null },
    ]);
  });
});
