import { z } from 'zod';
import { line } from '../validation.js';
import { engagementFacts, fitFacts } from './fact-names.js';
import { seniorities } from './seniority.js';

/**
 * Score rules are data: the team edits them in the console or through the API, and the
 * scoring function (scoring.ts) reads them. This file holds their shape, the facts they may
 * name, the checks that keep every score bounded, and the rules a new install starts with.
 */

export { engagementFacts, fitFacts } from './fact-names.js';

export type FitFact = (typeof fitFacts)[number];
export type EngagementFact = (typeof engagementFacts)[number];
export type Fact = FitFact | EngagementFact;

/** The most points all rules together may give: a score is always within 0…MAX_SCORE. */
export const MAX_SCORE = 1000;
export const MAX_RULES = 100;

const isFit = (fact: string): fact is FitFact => (fitFacts as readonly string[]).includes(fact);
const isEngagement = (fact: string): fact is EngagementFact =>
  (engagementFacts as readonly string[]).includes(fact);

const points = z
  .number()
  .int('leads.rule.whole_points')
  .min(-100, 'leads.rule.points_range')
  .max(100, 'leads.rule.points_range')
  .refine((p) => p !== 0, 'leads.rule.zero_points');

export const ruleSchema = z
  .strictObject({
    fact: z.string().max(40),
    /** Fit rules: the values that match (case-insensitive). */
    in: z.array(line(60).min(1)).min(1, 'leads.rule.no_values').max(50).optional(),
    /** Engagement rules: the rule holds once the fact reaches this count. */
    at_least: z.number().int().min(1).max(100_000).optional(),
    /** Engagement rules: `points` for every `each` units, up to `max_points`. */
    each: z.number().int().min(1).max(10_000).optional(),
    max_points: z.number().int().min(1).max(MAX_SCORE).optional(),
    points,
    /** What the breakdown says instead of the generated text, e.g. "downloaded the case study". */
    label: line(80).min(1).optional(),
  })
  .superRefine((rule, ctx) => {
    // Messages are keys of src/leads/messages.ts, in the language of whoever asked.
    const fail = (path: string, message: string, params?: Record<string, string>) =>
      ctx.addIssue({ code: 'custom', path: [path], message, params });
    const fact = rule.fact;
    if (isFit(fact)) {
      if (!rule.in) fail('in', 'leads.rule.fit_needs_values', { fact });
      if (rule.at_least !== undefined || rule.each !== undefined)
        fail('fact', 'leads.rule.fit_not_counted', { fact });
      if (fact === 'seniority')
        for (const v of rule.in ?? [])
          if (!(seniorities as readonly string[]).includes(v.toLowerCase()))
            fail('in', 'leads.rule.unknown_seniority', { value: v, known: seniorities.join(', ') });
      return;
    }
    if (!isEngagement(fact)) {
      fail('fact', 'leads.rule.unknown_fact', { fact, known: [...fitFacts, ...engagementFacts].join(', ') });
      return;
    }
    if (rule.in) fail('in', 'leads.rule.counted_not_in', { fact });
    if ((rule.at_least === undefined) === (rule.each === undefined))
      fail('at_least', 'leads.rule.one_of_at_least_each', { fact });
    if (rule.each !== undefined && rule.max_points === undefined)
      fail('max_points', 'leads.rule.needs_max_points');
    if (rule.each === undefined && rule.max_points !== undefined)
      fail('max_points', 'leads.rule.max_points_per_unit');
    if (rule.max_points !== undefined && rule.max_points < Math.abs(rule.points))
      fail('max_points', 'leads.rule.max_points_below_unit');
  });
export type Rule = z.output<typeof ruleSchema>;

/** The most (or, when negative, least) points one rule can give one contact. */
export const ruleReach = (rule: Rule) =>
  rule.each !== undefined ? Math.sign(rule.points) * rule.max_points! : rule.points;

export const ruleSetSchema = z
  .strictObject({
    mql_threshold: z.number().int().min(1).max(MAX_SCORE),
    /** Engagement points of one registration that make a 10 on its 1–10 engagement score. */
    engagement_full: z.number().int().min(1).max(MAX_SCORE),
    rules: z.array(ruleSchema).max(MAX_RULES, 'leads.rule.too_many'),
  })
  .superRefine((set, ctx) => {
    const reach = set.rules.reduce((sum, r) => sum + Math.max(0, ruleReach(r)), 0);
    if (reach > MAX_SCORE)
      ctx.addIssue({
        code: 'custom',
        path: ['rules'],
        message: 'leads.rule.total_too_high',
        params: { reach, max: MAX_SCORE },
      });
    if (set.rules.length > 0 && set.mql_threshold > reach)
      ctx.addIssue({
        code: 'custom',
        path: ['mql_threshold'],
        message: 'leads.rule.threshold_unreachable',
        params: { reach },
      });
  });
export type RuleSet = z.output<typeof ruleSetSchema>;

/** The rules a new install starts with: seniority for fit, the room's facts for engagement. */
export const defaultRuleSet: RuleSet = {
  mql_threshold: 50,
  engagement_full: 60,
  rules: [
    { fact: 'seniority', in: ['c_level'], points: 15 },
    { fact: 'seniority', in: ['vp'], points: 10 },
    { fact: 'seniority', in: ['director'], points: 8 },
    { fact: 'seniority', in: ['manager'], points: 5 },
    { fact: 'registered', at_least: 1, points: 5 },
    { fact: 'attended_live', at_least: 1, points: 10 },
    { fact: 'minutes_live', at_least: 15, points: 10 },
    { fact: 'minutes_live', at_least: 45, points: 10 },
    { fact: 'minutes_replay', at_least: 20, points: 10 },
    { fact: 'questions_asked', each: 1, points: 5, max_points: 15 },
    { fact: 'poll_answers', each: 1, points: 2, max_points: 10 },
    { fact: 'offer_downloads', each: 1, points: 15, max_points: 30 },
    { fact: 'cta_clicks', each: 1, points: 5, max_points: 10 },
    { fact: 'checked_in', at_least: 1, points: 5 },
    { fact: 'referrals', each: 1, points: 5, max_points: 20 },
    { fact: 'events_attended_before', each: 1, points: 5, max_points: 15 },
  ],
};
