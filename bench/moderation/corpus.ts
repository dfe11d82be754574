import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { screenMessage } from '../../src/moderation/filters.js';

/** The labelled corpus (bench/moderation/corpus/*.tsv): `label<TAB>message`, one per line. */
export const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');

export type Language = 'en' | 'zh';
export type Kind = 'spam' | 'ordinary';
export type Split = 'tune' | 'heldout';

export interface Line {
  language: Language;
  kind: Kind;
  split: Split;
  label: string;
  text: string;
}

export function readCorpus(dir = CORPUS_DIR): Line[] {
  const lines: Line[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.tsv'))
    .sort()) {
    const match = /^(en|zh)-(spam|ordinary)(\.heldout)?\.tsv$/.exec(file);
    if (!match) throw new Error(`unexpected corpus file ${file}`);
    for (const row of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!row.trim()) continue;
      const tab = row.indexOf('\t');
      if (tab < 0) throw new Error(`${file}: a line without a label: ${row}`);
      lines.push({
        language: match[1] as Language,
        kind: match[2] as Kind,
        split: match[3] ? 'heldout' : 'tune',
        label: row.slice(0, tab),
        text: row.slice(tab + 1),
      });
    }
  }
  return lines;
}

export interface Outcome extends Line {
  action: 'allow' | 'hold' | 'block';
  reason: string;
}

/** Each line screened as a viewer's chat message with the default policy and no per-viewer signals. */
export function screenCorpus(lines: Line[]): Outcome[] {
  return lines.map((line) => {
    const r = screenMessage(line.text, []);
    return { ...line, action: r.action, reason: r.action === 'allow' ? '' : r.reason };
  });
}

export interface Rate {
  total: number;
  flagged: number;
  percent: number;
}

/** Share of lines held or blocked. */
export function rate(outcomes: Outcome[]): Rate {
  const flagged = outcomes.filter((o) => o.action !== 'allow').length;
  const total = outcomes.length;
  return { total, flagged, percent: total ? Math.round((flagged / total) * 1000) / 10 : 0 };
}

/** The targets of issue 10: at least 90 % of spam held or blocked, at most 2 % of ordinary chat. */
export const TARGET = { spamCaughtPercent: 90, ordinaryFlaggedPercent: 2 };
