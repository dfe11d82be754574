import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRateBudget } from './rate.js';

describe('send rate budget', () => {
  it('allows a second of sends at once, then refills at the rate', () => {
    const budget = createRateBudget(120, 0);
    assert.equal(budget.take(10, 0), 2);
    assert.equal(budget.take(10, 0), 0);
    assert.equal(budget.take(10, 500), 1);
    assert.equal(budget.take(10, 60_000), 2, 'never more than a second of sends in one burst');
  });

  it('sends exactly the rate over a minute of small steps', () => {
    const budget = createRateBudget(600, 0);
    let sent = budget.take(1000, 0);
    for (let t = 100; t <= 60_000; t += 100) sent += budget.take(1000, t);
    assert.equal(sent, 610, "the first second's burst plus 600 a minute");
  });

  it('0 means unlimited', () => {
    assert.equal(createRateBudget(0, 0).take(5000, 0), 5000);
  });

  it('takes back what was not used', () => {
    const budget = createRateBudget(60, 0);
    assert.equal(budget.take(5, 0), 1);
    budget.giveBack(1);
    assert.equal(budget.take(5, 0), 1);
  });
});
