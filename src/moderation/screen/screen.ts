import AhoCorasick from 'modern-ahocorasick';
import {
  contactHits,
  floodHits,
  type Hit,
  linkHits,
  moneyHits,
  solicitationHits,
  stuffingHits,
} from './detectors.js';
import { LEXICON } from './lexicon.js';
import { deleet, type Normalised, normalise } from './normalise.js';
import { type Category, categories, type Policy } from './policy.js';

/** What the room knows about the sender beyond the text (per-viewer signals). */
export interface Signals {
  /** This is the viewer's first message in the event. */
  isFirstMessage?: boolean;
  /** How many other viewers posted the same normalised text recently. */
  sameTextViewers?: number;
  /** Hosts may post links; their links are not scored. */
  allowLinks?: boolean;
}

export interface Score {
  action: 'allow' | 'hold' | 'block';
  score: number;
  /** Points per category after the event's weights, categories that scored only. */
  categories: Partial<Record<Category, number>>;
  /** The reasons behind the score, strongest first (`contact-handle`, `adult:色情`, …). */
  reasons: string[];
}

interface Term {
  category: Category;
  weight: number;
}

const SHORT_LATIN = /^[a-z0-9]{1,4}$/;
const LATIN = /^[a-z0-9]+$/;

/** The lexicon compiled once: CJK and long Latin terms by Aho–Corasick, short Latin words by whole-word lookup. */
function compileLexicon() {
  const substring: { pattern: string; data: Term }[] = [];
  const leet: { pattern: string; data: Term }[] = [];
  const words = new Map<string, Term>();
  for (const [category, entries] of Object.entries(LEXICON) as [Category, (readonly [string, number])[]][]) {
    for (const [raw, weight] of entries) {
      const term = normalise(raw).compact;
      const data = { category, weight };
      if (SHORT_LATIN.test(term)) words.set(term, data);
      else {
        substring.push({ pattern: term, data });
        if (LATIN.test(term)) leet.push({ pattern: term, data });
      }
    }
  }
  return { substring: new AhoCorasick(substring), leet: new AhoCorasick(leet), words };
}

let compiled: ReturnType<typeof compileLexicon> | undefined;

/** Lexicon hits: each distinct term once, found in the compact text, its de-leeted form, or as a whole word. */
export function lexiconHits(n: Normalised): Hit[] {
  compiled ??= compileLexicon();
  const found = new Map<string, Term>();
  for (const m of compiled.substring.search(n.compact)) if (m.data) found.set(m.pattern, m.data);
  if (n.leet !== n.compact)
    for (const m of compiled.leet.search(n.leet)) if (m.data) found.set(m.pattern, m.data);
  for (const w of n.words) {
    const term = compiled.words.get(w) ?? compiled.words.get(deleet(w));
    if (term) found.set(w, term);
  }
  return [...found].map(([pattern, t]) => ({ category: t.category, points: t.weight, reason: pattern }));
}

const CROWD_MIN_LENGTH = 8;

function signalHits(n: Normalised, hits: Hit[], signals: Signals): Hit[] {
  const out: Hit[] = [];
  const offersContact = hits.some((h) => h.category === 'contact' && h.points >= 30);
  if (signals.isFirstMessage && offersContact)
    out.push({ category: 'contact', points: 25, reason: 'first-message-contact', additive: true });
  const same = signals.sameTextViewers ?? 0;
  if ([...n.compact].length >= CROWD_MIN_LENGTH && same >= 2)
    out.push({ category: 'crowd', points: same >= 4 ? 70 : 45, reason: 'same-text-several-viewers' });
  return out;
}

/**
 * A category's points: its strongest finding in full, a quarter of each further one
 * (three weak words do not add up to a strong one; one reason found twice counts once),
 * combinations in full, capped at 150.
 */
function categoryPoints(hits: Hit[]): number {
  const strongest = new Map<string, number>();
  for (const h of hits.filter((x) => !x.additive))
    strongest.set(h.reason, Math.max(h.points, strongest.get(h.reason) ?? 0));
  const points = [...strongest.values()];
  points.sort((a, b) => b - a);
  const [first = 0, ...rest] = points;
  const extra = hits.filter((h) => h.additive).reduce((sum, h) => sum + h.points, 0);
  return Math.min(150, first + rest.reduce((sum, p) => sum + p / 4, 0) + extra);
}

/**
 * Scores a message: normalise → findings per category → weighted sum → allow / hold /
 * block against the event's thresholds. Pure; the same text, signals and policy always
 * give the same answer.
 */
export function scoreMessage(text: string, policy: Policy, signals: Signals = {}): Score {
  const n = normalise(text);
  const found = [
    ...lexiconHits(n),
    ...moneyHits(n),
    ...solicitationHits(n),
    ...contactHits(n),
    ...(signals.allowLinks ? [] : linkHits(n)),
    ...floodHits(n),
    ...stuffingHits(n),
  ];
  const hits = [...found, ...signalHits(n, found, signals)];
  const byCategory: Partial<Record<Category, number>> = {};
  let score = 0;
  for (const category of categories) {
    const tuning = policy.categories[category];
    const own = hits.filter((h) => h.category === category);
    if (!tuning.enabled || own.length === 0) continue;
    const points = Math.round(categoryPoints(own) * tuning.weight);
    if (points === 0) continue;
    byCategory[category] = points;
    score += points;
  }
  const reasons = hits
    .filter((h) => byCategory[h.category])
    .sort((a, b) => b.points - a.points)
    .map((h) =>
      h.category === 'contact' || h.reason.includes('-') ? h.reason : `${h.category}:${h.reason}`,
    );
  const action = score >= policy.block_at ? 'block' : score >= policy.hold_at ? 'hold' : 'allow';
  return { action, score, categories: byCategory, reasons: [...new Set(reasons)] };
}
