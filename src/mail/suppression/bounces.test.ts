import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bounceReport, suppressionsFrom } from './bounces.js';

describe('bounce reports', () => {
  it('suppress hard bounces and complaints, not soft bounces, once per address', () => {
    const report = bounceReport.parse({
      events: [
        { type: 'bounce', email: 'Gone@Example.com', reason: '550 5.1.1 no such user' },
        { type: 'bounce', email: 'full@example.com', bounce_type: 'soft', reason: '452 mailbox full' },
        { type: 'complaint', email: 'angry@example.com' },
        { type: 'bounce', email: 'angry@example.com', reason: '550 blocked' },
        { type: 'bounce', email: 'gone@example.com', reason: 'again' },
      ],
    });
    assert.deepEqual(suppressionsFrom(report), [
      { email: 'gone@example.com', reason: 'bounce', note: 'again' },
      { email: 'angry@example.com', reason: 'complaint', note: '' },
    ]);
  });

  it('refuses an empty report, unknown types and bad addresses', () => {
    assert.equal(bounceReport.safeParse({ events: [] }).success, false);
    assert.equal(
      bounceReport.safeParse({ events: [{ type: 'open', email: 'a@example.com' }] }).success,
      false,
    );
    assert.equal(
      bounceReport.safeParse({ events: [{ type: 'bounce', email: 'not an address' }] }).success,
      false,
    );
  });
});
