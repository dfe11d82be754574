import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientFrame, hostActionBody, isHostCommand, peekType } from './protocol.js';

describe('room protocol v1', () => {
  it('accepts well-formed viewer and host frames', () => {
    assert.ok(clientFrame.safeParse({ v: 1, type: 'chat.send', id: 'abcdefgh', body: ' hi ' }).success);
    assert.equal(
      clientFrame.parse({ v: 1, type: 'chat.send', id: 'abcdefgh', body: ' hi ' }).type,
      'chat.send',
    );
    assert.ok(clientFrame.safeParse({ v: 1, type: 'viewer.mute', viewerId: 'r1', duration: '15d' }).success);
    assert.ok(clientFrame.safeParse({ v: 1, type: 'checkin', ref: 'r1' }).success);
  });

  it('rejects other versions, unknown types, bad fields and oversize text', () => {
    assert.ok(!clientFrame.safeParse({ v: 2, type: 'checkin' }).success);
    assert.ok(!clientFrame.safeParse({ v: 1, type: 'nope' }).success);
    assert.ok(!clientFrame.safeParse({ v: 1, type: 'viewer.mute', viewerId: 'r1', duration: '2d' }).success);
    assert.ok(!clientFrame.safeParse({ v: 1, type: 'chat.send', id: 'short', body: 'x' }).success);
    assert.ok(
      !clientFrame.safeParse({ v: 1, type: 'chat.send', id: 'abcdefgh', body: 'x'.repeat(501) }).success,
    );
    assert.ok(
      !clientFrame.safeParse({
        v: 1,
        type: 'poll.create',
        question: 'Q',
        kind: 'single',
        options: ['only one'],
      }).success,
    );
    assert.ok(
      !clientFrame.safeParse({
        v: 1,
        type: 'offer.create',
        title: 't',
        ctaLabel: 'c',
        url: 'javascript:alert(1)',
      }).success,
    );
  });

  it('tells host commands apart and takes them over HTTP without `v`', () => {
    assert.equal(isHostCommand('poll.open'), true);
    assert.equal(isHostCommand('chat.send'), false);
    assert.equal(hostActionBody.parse({ type: 'checkin.open' }).type, 'checkin.open');
    assert.ok(!hostActionBody.safeParse({ type: 'chat.send', id: 'abcdefgh', body: 'x' }).success);
  });

  it('peeks at type and ref of anything', () => {
    assert.deepEqual(peekType({ type: 'x', ref: 'r' }), { type: 'x', ref: 'r' });
    assert.deepEqual(peekType('str'), {});
    assert.deepEqual(peekType({ type: 3 }), { type: undefined, ref: undefined });
  });
});
