/**
 * Merge fields: `{{name}}` in a subject or body, filled per recipient. Values are escaped
 * for where they land (HTML, plain text, a header), so a registrant's name can neither
 * add markup nor a header line.
 */
export const MERGE_FIELDS = [
  'name',
  'event_title',
  /** The event's time in its zone, with the zone: "Thursday, 10 December 2030, 14:00–15:30 (Asia/Shanghai, GMT+8)". */
  'local_time',
  'time_zone',
  'join_url',
  'ics_url',
  'landing_url',
  'replay_url',
  'unsubscribe_url',
  /** The event's live offers (src/room/offers.ts), one "Title: link" a line; empty when it has none. */
  'offer_links',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export type MergeValues = Record<MergeField, string>;

const isMergeField = (s: string): s is MergeField => (MERGE_FIELDS as readonly string[]).includes(s);
const FIELD = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** A reason a template is refused, with where: the part, its line, and the merge field if one is at fault. */
export interface TemplateProblem {
  part: 'subject' | 'body';
  line: number;
  message: string;
  merge_field?: string;
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** Unknown merge fields and unbalanced `{{`/`}}`, each with its line. */
export function mergeProblems(text: string, part: TemplateProblem['part']): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const m of text.matchAll(FIELD)) {
    const field = m[1]!;
    if (!isMergeField(field))
      problems.push({
        part,
        line: lineAt(text, m.index),
        message: `Unknown merge field {{${field}}}; use one of ${MERGE_FIELDS.join(', ')}`,
        merge_field: field,
      });
  }
  const rest = text.replace(FIELD, '');
  for (const m of rest.matchAll(/\{\{|\}\}/g)) {
    // Line numbers of what is left after removing whole fields still match when fields are one-line.
    problems.push({
      part,
      line: lineAt(rest, m.index),
      message: `Unbalanced "${m[0]}": write merge fields as {{field}}`,
    });
  }
  return problems;
}

/** Replaces every merge field with its value passed through `encode`. */
export function fill(
  text: string,
  values: MergeValues,
  encode: (s: string, field: MergeField) => string = (s) => s,
): string {
  return text.replace(FIELD, (whole, field: string) =>
    isMergeField(field) ? encode(values[field], field) : whole,
  );
}

/** One line, no control characters: what may go into a mail header. */
export const headerSafe = (s: string) =>
  s
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * A value as HTML: escaped; the offer lines also become links, one a line. Only that field
 * is linked (its links are the team's offers), never a registrant's name or the like.
 */
export function htmlValue(value: string, field: MergeField): string {
  if (field !== 'offer_links') return escapeHtml(value);
  return value
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const at = l.lastIndexOf(': ');
      const [title, url] = at < 0 ? [l, l] : [l.slice(0, at), l.slice(at + 2)];
      return `<a href="${escapeHtml(url)}">${escapeHtml(title)}</a>`;
    })
    .join('<br>');
}
