/**
 * Text normalisation for the chat screen: every view a detector needs, computed once per
 * message. Spammers write `s.e.x`, `ｓｅｘ`, `ѕех` (Cyrillic), `加 V ❤ abc123` or
 * `4OO-8OO-…`; after normalisation those read like the plain words the lexicon lists.
 */

/** Unicode small capitals (`ᴘᴏʀɴ`), which NFKC leaves alone. */
function smallCapitals(): Record<string, string> {
  const letters = 'ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡxʏᴢ';
  return Object.fromEntries([...letters].map((ch, i) => [ch, String.fromCharCode(97 + i)]));
}

/** Latin look-alikes from Cyrillic and Greek (the ones spam actually uses) and a few symbols. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  ɡ: 'g',
  ո: 'n',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  '➕': '+',
  ...smallCapitals(),
  '＋': '+',
  '٠': '0',
};

/** Digits spelled with CJK numerals or dingbats (`幺三八…`, `❶❸❽`), for number detection only. */
const DIGITS: Record<string, string> = {
  零: '0',
  〇: '0',
  一: '1',
  幺: '1',
  壹: '1',
  二: '2',
  两: '2',
  贰: '2',
  三: '3',
  叁: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陆: '6',
  七: '7',
  柒: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
};
for (let i = 0; i < 10; i++) {
  // ❶–❿ / ➀–➉ / ➊–➓ are not decomposed by NFKC.
  DIGITS[String.fromCodePoint(0x2776 + i)] = String((i + 1) % 10);
  DIGITS[String.fromCodePoint(0x2780 + i)] = String((i + 1) % 10);
  DIGITS[String.fromCodePoint(0x278a + i)] = String((i + 1) % 10);
}

/** Leetspeak used to dodge Latin keywords (`p0rn`, `c4sino`, `v1agra`). */
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

/** A word with leetspeak undone when it mixes letters and digits (`p0rn` → `porn`; `2024` stays). */
export const deleet = (word: string) =>
  /\p{L}/u.test(word) && /\d/.test(word) ? mapChars(word, LEET) : word;

const INVISIBLE = /[\p{Cf}\p{M}]/gu;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const SPELLED_DOTS = /\s*(?:\(\s*\.\s*\)|\[\s*\.\s*\]|\{\s*\.\s*\}|\(dot\)|\[dot\]|\bdot\b|点|。|．)\s*/giu;

export interface Normalised {
  /** NFKC, case-folded, accents/invisibles removed, homoglyphs mapped; spacing and punctuation kept. */
  folded: string;
  /** `folded` with every non-letter, non-digit removed: `s.e.x` → `sex`, `高-潮` → `高潮`. */
  compact: string;
  /** `compact` with leetspeak undone, for Latin keywords of five letters or more. */
  leet: string;
  /** Words, with runs of single letters joined (`s e x` → `sex`), so short Latin keywords match whole words only (not `sex` in "Essex"). */
  words: string[];
  /** `folded` with CJK numerals as digits and separators between digits removed (phone, QQ). */
  digits: string;
  /** `folded` with spelled-out dots (`点com`, `(.)`, `dot`) turned into `.`, for links. */
  linkable: string;
}

const patterns = new Map<Record<string, string>, RegExp>();
const escapeRegExp = (ch: string) => ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** Replaces the table's characters in one regular-expression pass (most text has none of them). */
function mapChars(text: string, table: Record<string, string>): string {
  let re = patterns.get(table);
  if (!re) {
    re = new RegExp(Object.keys(table).map(escapeRegExp).join('|'), 'gu');
    patterns.set(table, re);
  }
  return text.replace(re, (ch) => table[ch] ?? ch);
}

/** Joins runs of one-letter tokens (`s e x`, `c.a.s.i.n.o`) into words. */
function joinSpelled(tokens: string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const t of tokens) {
    if ([...t].length === 1 && /\p{L}/u.test(t)) {
      run += t;
      continue;
    }
    if (run) out.push(run);
    run = '';
    out.push(t);
  }
  if (run) out.push(run);
  return out;
}

/** Digits view: CJK numerals mapped, `o/O` and `l/I` inside digit runs read as 0 and 1, separators between digits dropped. */
const NUMBER_WORDS: Record<string, string> = {
  zero: '0',
  oh: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};
/** Seven or more spelled-out digits in a row (`one three eight, one two …`): a phone number read aloud. */
const SPELLED_NUMBER =
  /\b(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)[\s,.-]+){6,}(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b/g;

function digitsView(folded: string): string {
  const spelled = folded.replace(SPELLED_NUMBER, (run) =>
    run.replace(/[a-z]+/g, (w) => NUMBER_WORDS[w] ?? w).replace(/[^\d]+/g, ''),
  );
  const mapped = mapChars(spelled, DIGITS).replace(/[0-9ol]+/g, (run) =>
    /\d/.test(run) && run.length >= 3 ? run.replace(/o/g, '0').replace(/l/g, '1') : run,
  );
  return mapped.replace(/(\d)[\s\-–—.·_()（）/\\|*~]+(?=\d)/g, '$1');
}

/** Every view of one message; pure and cheap (a few passes over at most a few hundred characters). */
export function normalise(text: string): Normalised {
  const folded = mapChars(
    text.normalize('NFKD').replace(INVISIBLE, '').normalize('NFKC').toLowerCase(),
    HOMOGLYPHS,
  );
  const compact = folded.replace(NON_WORD, '');
  const tokens = folded.split(NON_WORD).filter(Boolean);
  return {
    folded,
    compact,
    leet: mapChars(folded.replace(/[^\p{L}\p{N}@$]+/gu, ''), LEET),
    words: joinSpelled(tokens),
    digits: digitsView(folded),
    linkable: folded.replace(SPELLED_DOTS, '.'),
  };
}
