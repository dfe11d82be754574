import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frameErrors, guestSignalFrame, hostSignalFrame } from './protocol.js';

const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
const cand = {
  candidate: 'candidate:1 1 udp 2122260223 192.0.2.2 5000 typ host',
  sdpMid: '0',
  sdpMLineIndex: 0,
};

describe('studio signalling protocol v1', () => {
  it('accepts the host’s signals, scene changes and pings', () => {
    assert.ok(hostSignalFrame.safeParse({ v: 1, type: 'signal', to: 'g_1', description: offer }).success);
    assert.ok(hostSignalFrame.safeParse({ v: 1, type: 'signal', to: 'g_1', candidate: cand }).success);
    assert.ok(
      hostSignalFrame.safeParse({ v: 1, type: 'scene', change: { kind: 'layout', layout: 'slides_pip' } })
        .success,
    );
    assert.ok(
      hostSignalFrame.safeParse({
        v: 1,
        type: 'scene',
        ref: 'r1',
        change: { kind: 'mute', participantId: 'g1', muted: true },
      }).success,
    );
    assert.ok(hostSignalFrame.safeParse({ v: 1, type: 'ping' }).success);
  });

  it('accepts a guest’s readiness and signals to the host', () => {
    assert.ok(guestSignalFrame.safeParse({ v: 1, type: 'ready', camera: true, microphone: false }).success);
    assert.ok(guestSignalFrame.safeParse({ v: 1, type: 'signal', to: 'host', description: offer }).success);
  });

  it('refuses other versions, unknown types and malformed fields', () => {
    assert.ok(!hostSignalFrame.safeParse({ v: 2, type: 'ping' }).success);
    assert.ok(!hostSignalFrame.safeParse({ v: 1, type: 'shout' }).success);
    assert.ok(
      !hostSignalFrame.safeParse({ v: 1, type: 'scene', change: { kind: 'layout', layout: 'cube' } }).success,
    );
    assert.ok(
      !hostSignalFrame.safeParse({ v: 1, type: 'scene', change: { kind: 'corner', corner: 'middle' } })
        .success,
    );
    assert.ok(!hostSignalFrame.safeParse({ v: 1, type: 'signal', to: '../x', description: offer }).success);
    assert.ok(
      !hostSignalFrame.safeParse({
        v: 1,
        type: 'signal',
        to: 'g1',
        description: { type: 'pranswer', sdp: 'x' },
      }).success,
    );
    assert.ok(
      !hostSignalFrame.safeParse({
        v: 1,
        type: 'signal',
        to: 'g1',
        description: { type: 'offer', sdp: 'x'.repeat(60_001) },
      }).success,
    );
    assert.ok(!hostSignalFrame.safeParse('ping').success);
    assert.ok(!hostSignalFrame.safeParse(null).success);
  });

  it('a signal carries exactly one of a description or a candidate', () => {
    const both = hostSignalFrame.safeParse({
      v: 1,
      type: 'signal',
      to: 'g1',
      description: offer,
      candidate: cand,
    });
    assert.ok(!both.success);
    assert.equal(frameErrors(both.error).description, 'field.signal_payload');
    assert.ok(!hostSignalFrame.safeParse({ v: 1, type: 'signal', to: 'g1' }).success);
  });

  it('guests can neither change the scene nor signal anyone but the host', () => {
    assert.ok(
      !guestSignalFrame.safeParse({ v: 1, type: 'scene', change: { kind: 'bring_on', participantId: 'g1' } })
        .success,
    );
    const sideways = guestSignalFrame.safeParse({ v: 1, type: 'signal', to: 'g2', description: offer });
    assert.ok(!sideways.success);
    assert.ok(!guestSignalFrame.safeParse({ v: 1, type: 'ready', camera: 'yes', microphone: true }).success);
  });
});
