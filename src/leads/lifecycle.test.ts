import assert from 'node:assert/strict';
import { it } from 'node:test';
import { canMove, missingFor } from './lifecycle.js';

it('moves along new → MQL → accepted → opportunity → won, and refuses shortcuts', () => {
  assert.ok(canMove('new', 'mql'));
  assert.ok(canMove('mql', 'accepted'));
  assert.ok(canMove('accepted', 'opportunity'));
  assert.ok(canMove('opportunity', 'won'));
  assert.ok(canMove('opportunity', 'lost'));
  assert.ok(canMove('mql', 'disqualified'));
  assert.ok(!canMove('new', 'won'));
  assert.ok(!canMove('won', 'lost'));
  assert.ok(!canMove('mql', 'opportunity'));
});

it('asks for the amount, currency and reasons each move needs', () => {
  assert.deepEqual(missingFor('opportunity', {}), {
    amount: 'Give the amount',
    currency: 'Give the currency',
  });
  assert.deepEqual(missingFor('opportunity', { amount: 5000, currency: 'CNY' }), {});
  assert.deepEqual(missingFor('won', { amount: 0 }), { amount: 'Give the amount' });
  assert.deepEqual(missingFor('lost', { reason: '  ' }), { reason: 'Give the reason' });
  assert.deepEqual(missingFor('accepted', {}), {});
});
