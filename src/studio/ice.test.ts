import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { iceServers, TURN_CREDENTIAL_SECONDS } from './ice.js';

describe('studio ICE servers', () => {
  it('gives none when nothing is configured (one machine or a LAN)', () => {
    assert.deepEqual(iceServers({ stunUrls: [], turnUrls: [], turnSecret: undefined }, 'host', 0), []);
  });

  it('passes STUN through and signs coturn shared-secret TURN credentials that expire', () => {
    const now = Date.UTC(2026, 0, 1);
    const secret = 'a-long-shared-secret';
    const servers = iceServers(
      {
        stunUrls: ['stun:turn.example.com:3478'],
        turnUrls: ['turn:turn.example.com:3478?transport=udp'],
        turnSecret: secret,
      },
      'g1',
      now,
    );
    assert.deepEqual(servers[0], { urls: ['stun:turn.example.com:3478'] });
    const turn = servers[1];
    assert.ok(turn);
    assert.equal(turn.username, `${now / 1000 + TURN_CREDENTIAL_SECONDS}:g1`);
    assert.equal(
      turn.credential,
      createHmac('sha1', secret)
        .update(turn.username ?? '')
        .digest('base64'),
    );
  });
});
