import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LEXICON } from './lexicon.js';
import { normalise } from './normalise.js';
import { defaultPolicy, policySchema, resolvePolicy } from './policy.js';
import { scoreMessage } from './screen.js';

describe('the scored screen', () => {
  it('normalises width, case, homoglyphs, separators, CJK numerals and spelled-out dots', () => {
    assert.equal(normalise('Ｆｒｅｅ ＳＥＸ').compact, 'freesex');
    assert.equal(normalise('раураl').compact, 'paypal');
    assert.deepEqual(normalise('free s e x now').words, ['free', 'sex', 'now']);
    assert.match(normalise('电话 幺三八-一二三四-五六七八').digits, /13812345678/);
    assert.match(normalise('4OO-8OO-1234').digits, /4008001234/);
    assert.equal(normalise('abc点top').linkable, 'abc.top');
  });

  it('lists every lexicon term once', () => {
    const seen = new Set<string>();
    for (const entries of Object.values(LEXICON))
      for (const [term] of entries) {
        const key = normalise(term).compact;
        assert.ok(!seen.has(key), `duplicate term ${term}`);
        seen.add(key);
      }
  });

  it('explains itself: score, points per category, reasons', () => {
    const r = scoreMessage('加V：kefu8899 日结兼职', defaultPolicy);
    assert.equal(r.action, 'block');
    assert.ok(r.categories.contact && r.categories.jobs);
    assert.ok(r.reasons.includes('contact-handle'));
  });

  it('does not add up weak words into a hold', () => {
    assert.equal(
      scoreMessage('Is there a free trial offer? How do we earn more money?', defaultPolicy).action,
      'allow',
    );
  });

  it('floods: dozens of one character or token; short cheering is fine', () => {
    assert.equal(scoreMessage('6'.repeat(40), defaultPolicy).action, 'block');
    assert.equal(scoreMessage(Array(12).fill('buy').join(' '), defaultPolicy).action, 'hold');
    assert.equal(scoreMessage('666666 哈哈哈哈', defaultPolicy).action, 'allow');
  });

  it('validates a team policy: thresholds in order, known categories, weights 0–3', () => {
    assert.ok(
      policySchema.safeParse({
        hold_at: 30,
        block_at: 70,
        categories: { links: { enabled: false, weight: 1 } },
      }).success,
    );
    assert.ok(!policySchema.safeParse({ hold_at: 70, block_at: 30, categories: {} }).success);
    assert.ok(
      !policySchema.safeParse({
        hold_at: 30,
        block_at: 70,
        categories: { nope: { enabled: true, weight: 1 } },
      }).success,
    );
    assert.ok(
      !policySchema.safeParse({
        hold_at: 30,
        block_at: 70,
        categories: { adult: { enabled: true, weight: 9 } },
      }).success,
    );
    const p = resolvePolicy({
      hold_at: 30,
      block_at: 70,
      categories: { links: { enabled: false, weight: 1 } },
    });
    assert.equal(p.categories.links.enabled, false);
    assert.equal(p.categories.adult.enabled, true);
  });
});
