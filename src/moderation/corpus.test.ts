import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rate, readCorpus, screenCorpus, TARGET } from '../../bench/moderation/corpus.js';

describe('the labelled chat corpus (bench/moderation/corpus)', () => {
  const outcomes = screenCorpus(readCorpus());

  it('has at least 200 spam and 200 ordinary lines in each of Chinese and English', () => {
    for (const language of ['en', 'zh'])
      for (const kind of ['spam', 'ordinary'])
        assert.ok(
          outcomes.filter((o) => o.language === language && o.kind === kind).length >= 200,
          `${language} ${kind}`,
        );
  });

  it('meets the target per language: ≥ 90 % of spam held or blocked, ≤ 2 % of ordinary chat', () => {
    for (const language of ['en', 'zh']) {
      const spam = rate(outcomes.filter((o) => o.language === language && o.kind === 'spam'));
      const ordinary = rate(outcomes.filter((o) => o.language === language && o.kind === 'ordinary'));
      assert.ok(spam.percent >= TARGET.spamCaughtPercent, `${language} spam caught ${spam.percent} %`);
      assert.ok(
        ordinary.percent <= TARGET.ordinaryFlaggedPercent,
        `${language} ordinary flagged ${ordinary.percent} %`,
      );
    }
  });

  it('never blocks an ordinary topic list as keyword stuffing', () => {
    const lists = outcomes.filter((o) => o.kind === 'ordinary' && /AI[,、，]/.test(o.text));
    assert.ok(lists.length >= 2);
    for (const o of lists) assert.equal(o.action, 'allow', o.text);
  });
});
