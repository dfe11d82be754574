/**
 * The lead lifecycle: new → MQL → accepted by sales → opportunity → won / lost, or
 * disqualified on the way. Pure: which moves exist and what each move must carry.
 */
export const stages = ['new', 'mql', 'accepted', 'opportunity', 'won', 'lost', 'disqualified'] as const;
export type Stage = (typeof stages)[number];

const moves: Record<Stage, readonly Stage[]> = {
  new: ['mql', 'accepted', 'disqualified'],
  mql: ['accepted', 'disqualified'],
  accepted: ['opportunity', 'lost', 'disqualified'],
  opportunity: ['won', 'lost'],
  won: [],
  lost: ['accepted'],
  disqualified: ['new'],
};

export const canMove = (from: Stage, to: Stage) => moves[from].includes(to);
export const nextStages = (from: Stage): readonly Stage[] => moves[from];

export interface StageDetails {
  amount?: number | null;
  currency?: string | null;
  reason?: string | null;
}

/**
 * What is missing for a move, as field → message (empty when the move may go ahead):
 * an opportunity has an amount and a currency, a win an amount, a loss or a
 * disqualification a reason.
 */
export function missingFor(to: Stage, details: StageDetails): Record<string, string> {
  const missing: Record<string, string> = {};
  if ((to === 'opportunity' || to === 'won') && !(details.amount && details.amount > 0))
    missing.amount = 'Give the amount';
  if (to === 'opportunity' && !details.currency) missing.currency = 'Give the currency';
  if ((to === 'lost' || to === 'disqualified') && !details.reason?.trim()) missing.reason = 'Give the reason';
  return missing;
}
