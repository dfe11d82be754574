import type { FilterAction } from './tables.js';

/** One filter rule: a keyword (matched on normalised text) or a regular expression. */
export interface FilterRule {
  pattern: string;
  kind: 'keyword' | 'regex';
  action: FilterAction;
}

export type ScreenResult = { action: 'allow' } | { action: FilterAction; reason: string };

/**
 * The default list, written from the spam line at the top of the playbook's source page
 * ("chinesefreesexvideos高潮,欧美极品少妇性运交,…国产一区二区三区") and the community rules'
 * categories (porn, gambling, fake-link ads). Keywords match after normalisation, so
 * "s.e.x" and full-width letters are caught too.
 */
export const defaultRules: FilterRule[] = [
  ...['freesex', 'sexvideo', 'sexchat', 'porn', 'xxx', 'casino', 'viagra'].map((pattern) => ({
    pattern,
    kind: 'keyword' as const,
    action: 'block' as const,
  })),
  { pattern: '\\b(sex|nude|nudes)\\b', kind: 'regex', action: 'block' },
  ...[
    '高潮',
    '少妇',
    '性交',
    '性运交',
    '一区二区',
    '国产精品',
    '婷婷',
    '成人视频',
    '色情',
    '裸聊',
    '约炮',
    '赌博',
    '博彩',
    '代开发票',
    '刷单',
    '加微信',
    'av女优',
  ].map((pattern) => ({ pattern, kind: 'keyword' as const, action: 'block' as const })),
];

const URL_PATTERN =
  /(https?:\/\/|www\.)\S+|\b[a-z0-9-]{2,}\.(com|net|org|cn|top|xyz|info|io|cc|vip|shop|site)\b/gi;
const INVISIBLE = /[\u200B-\u200F\u2060\uFEFF]/g;
/** Everything that is not a letter or a digit: used to undo "s.e.x" / "高-潮" style evasion. */
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/** Lower-cased NFKC text without invisible characters or separators. */
export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(INVISIBLE, '').replace(SEPARATORS, '');
}

/**
 * Keyword stuffing: a run of short, comma-separated fragments with no sentence in
 * them, like the seed's spam line. Real chat rarely lists four or more bare fragments.
 */
export function isKeywordStuffed(text: string): boolean {
  const fragments = text
    .split(/[,，、|/;；]+/)
    .map((f) => f.trim())
    .filter(Boolean);
  if (fragments.length < 4) return false;
  const bare = fragments.filter((f) => !/\s/.test(f) && f.length <= 24);
  return bare.length / fragments.length >= 0.75;
}

/** Counts links (scheme, www. or bare domains on common spam TLDs). */
export function countLinks(text: string): number {
  return text.normalize('NFKC').match(URL_PATTERN)?.length ?? 0;
}

function compile(rule: FilterRule): (raw: string, norm: string) => boolean {
  if (rule.kind === 'regex') {
    const re = new RegExp(rule.pattern, 'iu');
    return (raw) => re.test(raw.normalize('NFKC'));
  }
  const needle = normalise(rule.pattern);
  return (_raw, norm) => needle.length > 0 && norm.includes(needle);
}

/**
 * Decides what happens to a chat message or question: `block` wins over `hold`, which
 * wins over `allow`. Viewers' links are held for review (a host may post links freely:
 * pass `allowLinks`), two or more links are blocked as link spam.
 */
export function screenMessage(
  text: string,
  rules: FilterRule[],
  options: { allowLinks?: boolean } = {},
): ScreenResult {
  const norm = normalise(text);
  let hold: string | undefined;
  for (const rule of [...defaultRules, ...rules]) {
    if (!compile(rule)(text, norm)) continue;
    const reason = `${rule.kind}:${rule.pattern}`;
    if (rule.action === 'block') return { action: 'block', reason };
    hold ??= reason;
  }
  if (isKeywordStuffed(text)) return { action: 'block', reason: 'keyword-stuffing' };
  if (!options.allowLinks) {
    const links = countLinks(text);
    if (links >= 2) return { action: 'block', reason: 'link-spam' };
    if (links === 1) hold ??= 'link';
  }
  return hold ? { action: 'hold', reason: hold } : { action: 'allow' };
}

/** Checks a team filter before it is saved, so a broken regex is a field error, not a crash later. */
export function ruleProblem(rule: FilterRule): string | undefined {
  if (rule.kind === 'keyword')
    return normalise(rule.pattern) ? undefined : 'The keyword has no letters or digits';
  try {
    new RegExp(rule.pattern, 'iu');
    return undefined;
  } catch (err) {
    return `Invalid regular expression: ${(err as Error).message}`;
  }
}
