import { type EngagementFact, type FitFact, MAX_SCORE, type Rule, type RuleSet } from './rules.js';
import type { Seniority } from './seniority.js';

/** Everything scoring reads about one contact (or, for engagement, one registration). */
export type Facts = Record<FitFact, string | null> &
  Record<EngagementFact, number> & { seniority: Seniority };

/** One line of a breakdown: "+20 watched 45 min live". */
export interface BreakdownLine {
  fact: string;
  points: number;
  text: string;
}

export interface Score {
  score: number;
  breakdown: BreakdownLine[];
}

export const noFacts = (): Facts => ({
  seniority: 'unknown',
  company_size: null,
  industry: null,
  purchase_timeline: null,
  budget: null,
  region: null,
  registered: 0,
  attended_live: 0,
  minutes_live: 0,
  minutes_replay: 0,
  questions_asked: 0,
  poll_answers: 0,
  offer_downloads: 0,
  cta_clicks: 0,
  checked_in: 0,
  referrals: 0,
  events_attended_before: 0,
});

const SENIORITY_TEXT: Record<Seniority, string> = {
  c_level: 'C-level title',
  vp: 'VP title',
  director: 'director title',
  manager: 'manager title',
  individual: 'individual contributor title',
  unknown: 'no title',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a fact's value reads as in a breakdown line. */
function describe(fact: string, value: string | number): string {
  const n = Number(value);
  switch (fact) {
    case 'seniority':
      return SENIORITY_TEXT[value as Seniority];
    case 'registered':
      return `registered for ${plural(n, 'event')}`;
    case 'attended_live':
      return `attended ${plural(n, 'event')} live`;
    case 'minutes_live':
      return `watched ${n} min live`;
    case 'minutes_replay':
      return `watched ${n} min of replays`;
    case 'questions_asked':
      return `asked ${plural(n, 'question')}`;
    case 'poll_answers':
      return `answered ${plural(n, 'poll')}`;
    case 'offer_downloads':
      return `downloaded ${plural(n, 'offer')}`;
    case 'cta_clicks':
      return `clicked ${plural(n, 'call to action', 'calls to action')}`;
    case 'checked_in':
      return 'checked in';
    case 'referrals':
      return `referred ${plural(n, 'person', 'people')}`;
    case 'events_attended_before':
      return `attended ${plural(n, 'event')} before`;
    default:
      return `${fact.replace(/_/g, ' ')} ${value}`;
  }
}

/** The points one rule gives these facts (0 when it does not hold). */
function pointsOf(rule: Rule, facts: Facts): number {
  const value = facts[rule.fact as keyof Facts];
  if (rule.in) {
    const v = typeof value === 'string' ? value.toLowerCase() : '';
    return rule.in.some((x) => x.toLowerCase() === v) ? rule.points : 0;
  }
  const n = typeof value === 'number' ? value : 0;
  if (rule.at_least !== undefined) return n >= rule.at_least ? rule.points : 0;
  const units = Math.floor(n / rule.each!);
  const raw = units * rule.points;
  return Math.sign(raw) * Math.min(Math.abs(raw), rule.max_points!);
}

/**
 * Scores a contact's facts with a rule set: each rule that holds adds its points and a
 * breakdown line, in rule order. Pure and deterministic; the score is within 0…MAX_SCORE.
 * @example scoreFacts({ ...noFacts(), minutes_live: 45 }, rules) // { score: 20, breakdown: [{ text: '+20 watched 45 min live', … }] }
 */
export function scoreFacts(facts: Facts, ruleSet: RuleSet): Score {
  const lines: BreakdownLine[] = [];
  for (const rule of ruleSet.rules) {
    const p = pointsOf(rule, facts);
    if (p === 0) continue;
    const what = rule.label ?? describe(rule.fact, facts[rule.fact as keyof Facts] ?? '');
    lines.push({ fact: rule.fact, points: p, text: `${p > 0 ? '+' : ''}${p} ${what}` });
  }
  const sum = lines.reduce((s, l) => s + l.points, 0);
  return { score: Math.max(0, Math.min(MAX_SCORE, sum)), breakdown: lines };
}

/**
 * A registration's 1–10 engagement score for its event: the engagement rules applied to what
 * the person did at that event, where `engagement_full` points make a 10.
 */
export function engagementScore(facts: Facts, ruleSet: RuleSet): number {
  const engagement = { ...ruleSet, rules: ruleSet.rules.filter((r) => !r.in) };
  const { score } = scoreFacts(facts, engagement);
  return Math.max(1, Math.min(10, 1 + Math.floor((score * 9) / ruleSet.engagement_full)));
}

/** The one-line summary of a breakdown: "+20 watched 45 min live · +10 VP title". */
export const breakdownText = (lines: BreakdownLine[]) => lines.map((l) => l.text).join(' · ');
