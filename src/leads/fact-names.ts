/**
 * The facts a score rule may name. No imports: the console's rules editor reads the same
 * lists (web/admin/pages/lead-rules.ts), so what it offers is what the server accepts.
 */

/** Fit facts: what the contact told us about themselves. Matched by value (`in`). */
export const fitFacts = [
  'seniority',
  'company_size',
  'industry',
  'purchase_timeline',
  'budget',
  'region',
] as const;
/** Engagement facts: what the contact did. Counted, so matched by `at_least` or scored per `each`. */
export const engagementFacts = [
  'registered',
  'attended_live',
  'minutes_live',
  'minutes_replay',
  'questions_asked',
  'poll_answers',
  'offer_downloads',
  'cta_clicks',
  'checked_in',
  'referrals',
  'events_attended_before',
] as const;
