import { normalise } from './screen/normalise.js';
import { defaultPolicy, type Policy } from './screen/policy.js';
import { type Score, type Signals, scoreMessage } from './screen/screen.js';
import type { FilterAction } from './tables.js';

/** One of the team's own rules: a keyword (matched on normalised text) or a regular expression. */
export interface FilterRule {
  pattern: string;
  kind: 'keyword' | 'regex';
  action: FilterAction;
}

export type ScreenResult =
  | { action: 'allow'; score: number }
  | { action: FilterAction; reason: string; score: number };

/** A keyword as the screen compares it: NFKC, case-folded, homoglyphs mapped, separators removed. */
export const keywordForm = (text: string) => normalise(text).compact;

function teamRuleHit(text: string, compact: string, rule: FilterRule): boolean {
  if (rule.kind === 'regex') return new RegExp(rule.pattern, 'iu').test(text.normalize('NFKC'));
  const needle = keywordForm(rule.pattern);
  return needle.length > 0 && compact.includes(needle);
}

const reasonOf = (score: Score) => score.reasons.slice(0, 3).join(', ') || 'score';

/**
 * Decides what happens to a chat message, question, display name or offer-form text.
 * The team's own rules come first (`block` wins over `hold`); then the scored rule set
 * (src/moderation/screen) with the event's policy and what is known about the sender.
 */
export function screenMessage(
  text: string,
  rules: FilterRule[],
  options: Signals & { policy?: Policy } = {},
): ScreenResult {
  const compact = rules.length ? keywordForm(text) : '';
  let hold: string | undefined;
  for (const rule of rules) {
    if (!teamRuleHit(text, compact, rule)) continue;
    const reason = `${rule.kind}:${rule.pattern}`;
    if (rule.action === 'block')
      return { action: 'block', reason, score: options.policy?.block_at ?? defaultPolicy.block_at };
    hold ??= reason;
  }
  const scored = scoreMessage(text, options.policy ?? defaultPolicy, options);
  if (scored.action === 'block') return { action: 'block', reason: reasonOf(scored), score: scored.score };
  if (hold) return { action: 'hold', reason: hold, score: scored.score };
  if (scored.action === 'hold') return { action: 'hold', reason: reasonOf(scored), score: scored.score };
  return { action: 'allow', score: scored.score };
}

/** Checks a team filter before it is saved, so a broken regex is a field error, not a crash later. */
export function ruleProblem(rule: FilterRule): string | undefined {
  if (rule.kind === 'keyword')
    return keywordForm(rule.pattern) ? undefined : 'The keyword has no letters or digits';
  try {
    new RegExp(rule.pattern, 'iu');
    return undefined;
  } catch (err) {
    return `Invalid regular expression: ${(err as Error).message}`;
  }
}
