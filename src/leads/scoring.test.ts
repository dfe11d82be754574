import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locale } from '../i18n/index.js';
import { fieldErrorsOf, ourMessages } from '../validation.js';
import { defaultRuleSet, type RuleSet, ruleSetSchema } from './rules.js';
import { breakdownText, engagementScore, noFacts, scoreFacts } from './scoring.js';

const rules: RuleSet = {
  mql_threshold: 40,
  engagement_full: 40,
  rules: [
    { fact: 'minutes_live', at_least: 45, points: 20 },
    { fact: 'offer_downloads', at_least: 1, points: 15, label: 'downloaded the case study' },
    { fact: 'seniority', in: ['vp'], points: 10 },
    { fact: 'questions_asked', each: 1, points: 4, max_points: 8 },
    { fact: 'industry', in: ['Software'], points: -5 },
  ],
};

/** The field errors the API answers, in `locale`. */
const issues = (input: unknown, locale: Locale = 'en') => {
  const r = ruleSetSchema.safeParse(input, ourMessages);
  return r.success ? {} : fieldErrorsOf(r.error, locale);
};

describe('scoring', () => {
  it('adds the points of the rules that hold, with a readable breakdown in rule order', () => {
    const result = scoreFacts(
      {
        ...noFacts(),
        minutes_live: 47,
        offer_downloads: 1,
        seniority: 'vp',
        questions_asked: 5,
        industry: 'software',
      },
      rules,
    );
    assert.equal(result.score, 20 + 15 + 10 + 8 - 5);
    assert.equal(
      breakdownText(result.breakdown),
      '+20 watched 47 min live · +15 downloaded the case study · +10 VP title · +8 asked 5 questions · -5 industry software',
    );
  });

  it('never goes below zero and is the same every time', () => {
    const facts = { ...noFacts(), industry: 'Software' };
    assert.deepEqual(scoreFacts(facts, rules), {
      score: 0,
      breakdown: [{ fact: 'industry', points: -5, text: '-5 industry Software' }],
    });
    assert.deepEqual(scoreFacts(facts, rules), scoreFacts(facts, rules));
  });

  it('gives each registration a 1–10 engagement score from engagement rules only', () => {
    assert.equal(engagementScore(noFacts(), rules), 1);
    assert.equal(engagementScore({ ...noFacts(), seniority: 'vp' }, rules), 1);
    assert.equal(engagementScore({ ...noFacts(), minutes_live: 50 }, rules), 1 + Math.floor((20 * 9) / 40));
    assert.equal(
      engagementScore({ ...noFacts(), minutes_live: 50, offer_downloads: 2, questions_asked: 9 }, rules),
      10,
    );
  });

  it('accepts the default rules', () => {
    assert.deepEqual(ruleSetSchema.parse(defaultRuleSet), defaultRuleSet);
  });

  it('refuses malformed, unbounded and unknown-fact rules with a clear message', () => {
    const base = { mql_threshold: 10, engagement_full: 10 };
    assert.match(
      issues({ ...base, rules: [{ fact: 'shoe_size', at_least: 1, points: 5 }] })['rules.0.fact']!,
      /Unknown fact "shoe_size"; use one of seniority, /,
    );
    // In the asker's language, with the same values filled in.
    assert.match(
      issues({ ...base, rules: [{ fact: 'shoe_size', at_least: 1, points: 5 }] }, 'zh-CN')['rules.0.fact']!,
      /^未知条件“shoe_size”；可用：seniority, /,
    );
    assert.match(
      issues({ ...base, rules: [{ fact: 'seniority', in: ['emperor'], points: 5 }] }, 'zh-CN')['rules.0.in']!,
      /^未知职级“emperor”；可用：/,
    );
    assert.match(
      issues({ ...base, rules: [{ fact: 'questions_asked', each: 1, points: 5 }] })['rules.0.max_points']!,
      /without bound/,
    );
    assert.match(
      issues({ ...base, rules: [{ fact: 'seniority', at_least: 1, points: 5 }] })['rules.0.in']!,
      /lists the values/,
    );
    assert.match(
      issues({ ...base, rules: [{ fact: 'seniority', in: ['emperor'], points: 5 }] })['rules.0.in']!,
      /Unknown seniority/,
    );
    assert.match(
      issues({ ...base, rules: [{ fact: 'minutes_live', at_least: 1, each: 2, max_points: 5, points: 5 }] })[
        'rules.0.at_least'
      ]!,
      /exactly one/,
    );
    assert.ok(
      issues({ ...base, rules: [{ fact: 'minutes_live', at_least: 1, points: 500 }] })['rules.0.points'],
    );
    assert.ok(
      issues({ ...base, rules: [{ fact: 'minutes_live', at_least: 1, points: 5, extra: 1 }] })['rules.0'],
    );
    const many = Array.from({ length: 11 }, () => ({
      fact: 'poll_answers',
      each: 1,
      points: 100,
      max_points: 100,
    }));
    assert.match(issues({ ...base, rules: many }).rules!, /1100 points; keep the total at or under 1000$/);
    assert.equal(
      issues({ ...base, rules: many }, 'zh-CN').rules,
      '这些规则可让一个联系人得到 1100 分；总分请不超过 1000 分',
    );
    assert.match(
      issues({ ...base, mql_threshold: 50, rules: [{ fact: 'checked_in', at_least: 1, points: 5 }] })
        .mql_threshold!,
      /at most 5 points/,
    );
  });
});
