/** How senior a job title reads, from the top. `unknown` when no title was given. */
export const seniorities = ['c_level', 'vp', 'director', 'manager', 'individual', 'unknown'] as const;
export type Seniority = (typeof seniorities)[number];

/**
 * English and Chinese title patterns, tried in this order: "Vice President" and 副总裁 must
 * match before "President" and 总裁, 总经理 (general manager) before 经理.
 */
const patterns: [Seniority, RegExp][] = [
  ['vp', /\b(vp|svp|evp|avp|vice[\s-]+president)\b|副总裁|副总经理|副总/i],
  [
    'c_level',
    /\b(ceo|cto|cfo|coo|cio|cmo|cso|cdo|chief|founder|co-founder|president|owner|partner)\b|首席|总裁|总经理|创始人|董事长|合伙人/i,
  ],
  ['director', /\b(director|head\s+of|gm|general\s+manager)\b|总监|部长|主任/i],
  ['manager', /\b(manager|lead|supervisor)\b|经理|主管|组长/i],
];

/**
 * The seniority a job title reads as, in English or Chinese.
 * @example seniorityOf('VP of Marketing') // 'vp'
 * @example seniorityOf('市场总监') // 'director'
 */
export function seniorityOf(title: string | null | undefined): Seniority {
  const t = (title ?? '').trim();
  if (!t) return 'unknown';
  for (const [level, re] of patterns) if (re.test(t)) return level;
  return 'individual';
}
