import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebSocket } from 'ws';
import type { Viewer } from './context.js';
import { FLUSH_GROUPS, type Member, Room } from './room.js';

/** A stand-in socket that records frames: the room only reads readyState and bufferedAmount. */
function member(
  viewerId: string,
  opts: { staff?: boolean; buffered?: number } = {},
): Member & { sent: string[] } {
  const sent: string[] = [];
  const ws = {
    readyState: 1,
    bufferedAmount: opts.buffered ?? 0,
    send: (b: Buffer) => sent.push(b.toString()),
  } as unknown as WebSocket;
  const viewer: Viewer = {
    viewerId,
    registrationId: null,
    contactId: null,
    displayName: viewerId,
    clientKey: null,
    actor: opts.staff ? ({ kind: 'token' } as Viewer['actor']) : null,
    canModerate: opts.staff ?? false,
  };
  return {
    ws,
    eventId: 'e',
    viewer,
    device: 'desktop',
    attendanceId: null,
    lastBeatMs: 0,
    liveSeconds: 0,
    replaySeconds: 0,
    dirty: false,
    lagTicks: 0,
    alive: true,
    group: 0,
    sent,
  };
}

const events = (m: { sent: string[] }) =>
  m.sent.flatMap((s) => (JSON.parse(s) as { events: { type: string }[] }).events);

describe('room fan-out', () => {
  it('coalesces a tick into one frame, with staff variants and staff-only events', () => {
    const room = new Room('e');
    const viewer = member('v1');
    const staff = member('s1', { staff: true });
    room.add(viewer);
    room.add(staff);
    room.enqueue({
      eventId: 'e',
      audience: 'all',
      event: { type: 'chat.message', n: 1 },
      staffEvent: { type: 'chat.message', n: 1, viewerId: 'x' },
    });
    room.enqueue({ eventId: 'e', audience: 'all', event: { type: 'chat.message', n: 2 } });
    room.enqueue({ eventId: 'e', audience: 'staff', event: { type: 'mod.held' } });
    room.flush(10_000, 1000, 3);
    assert.equal(viewer.sent.length, 1);
    assert.deepEqual(
      events(viewer).map((e) => e.type),
      ['chat.message', 'chat.message', 'viewers'],
    );
    assert.deepEqual(
      events(staff).map((e) => e.type),
      ['chat.message', 'chat.message', 'mod.held', 'viewers'],
    );
    assert.ok(!viewer.sent[0]?.includes('viewerId'));
    assert.ok(staff.sent[0]?.includes('viewerId'));
  });

  it('keeps only the latest event per key and targets personal events', () => {
    const room = new Room('e');
    const a = member('a');
    const b = member('b');
    room.add(a);
    room.add(b);
    room.flush(10_000, 1000, 3);
    room.enqueue({ eventId: 'e', audience: 'all', event: { type: 'poll', r: 1 }, key: 'poll:1' });
    room.enqueue({ eventId: 'e', audience: 'all', event: { type: 'poll', r: 2 }, key: 'poll:1' });
    room.enqueue({ eventId: 'e', audience: { viewerId: 'a' }, event: { type: 'you.muted' } });
    room.flush(10_000, 1000, 3);
    assert.deepEqual(events(b).slice(1), [{ type: 'poll', r: 2 }]);
    assert.deepEqual(
      events(a)
        .slice(1)
        .map((e) => e.type),
      ['poll', 'you.muted'],
    );
  });

  it('skips a slow consumer without holding up the others, and gives it up after too many ticks', () => {
    const room = new Room('e');
    const slow = member('slow', { buffered: 10_000 });
    const fast = member('fast');
    room.add(slow);
    room.add(fast);
    let behind: Member[] = [];
    for (let i = 0; i < 4; i++) {
      room.enqueue({ eventId: 'e', audience: 'all', event: { type: 'chat.message', i } });
      behind = room.flush(10_000, 1000, 3);
    }
    assert.equal(slow.sent.length, 0);
    assert.equal(fast.sent.length, 4);
    assert.deepEqual(behind, [slow]);
  });

  it('sends the viewer count at most once a second', () => {
    const room = new Room('e');
    const a = member('a');
    room.add(a);
    room.flush(10_000, 1000, 3);
    room.add(member('b'));
    room.flush(10_500, 1000, 3);
    assert.deepEqual(events(a), [{ type: 'viewers', count: 1 }]);
    room.flush(11_000, 1000, 3);
    assert.deepEqual(events(a).at(-1), { type: 'viewers', count: 2 });
  });

  it('flushes one group at a time, each at most once per tick; what arrives in between reaches the groups not yet written', () => {
    const room = new Room('e');
    const ms = Array.from({ length: FLUSH_GROUPS }, (_, i) => member(`v${i}`));
    for (const m of ms) room.add(m);
    const chat = (n: number) => ({
      eventId: 'e',
      audience: 'all' as const,
      event: { type: 'chat.message', n },
    });
    const chats = (m: { sent: string[] }) => events(m).filter((e) => e.type === 'chat.message');
    room.enqueue(chat(1));
    room.flushDue(10_000, 100, 1000, 3);
    assert.equal(ms.filter((m) => m.sent.length > 0).length, 1, 'one group per step');
    room.enqueue(chat(2));
    for (let i = 1; i < FLUSH_GROUPS; i++) room.flushDue(10_000, 100, 1000, 3);
    const [first, ...rest] = ms;
    assert.deepEqual(chats(first as Member & { sent: string[] }), [{ type: 'chat.message', n: 1 }]);
    for (const m of rest) {
      assert.equal(m.sent.length, 1, 'one frame per socket per tick');
      assert.deepEqual(
        chats(m).map((e) => (e as { n?: number }).n),
        [1, 2],
      );
    }
    assert.equal(room.nextDueAt(100), 10_100, 'the first group waits for its tick');
    room.flushDue(10_050, 100, 1000, 3);
    assert.equal(first?.sent.length, 1);
    room.flushDue(10_100, 100, 1000, 3);
    assert.deepEqual(chats(first as Member & { sent: string[] }).at(-1), { type: 'chat.message', n: 2 });
    assert.equal(room.nextDueAt(100), Number.POSITIVE_INFINITY, 'nothing left to send');
  });

  it('adds remote processes’ fresh counts to the local one', () => {
    const room = new Room('e');
    room.add(member('a'));
    room.add(member('s', { staff: true }));
    room.notePresence({ processId: 'p2', eventId: 'e', count: 5 }, 1000);
    assert.equal(room.globalCount(2000), 6);
    assert.equal(room.globalCount(10_000), 1, 'a silent process stops counting');
  });
});
