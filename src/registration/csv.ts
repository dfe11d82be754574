import { withoutControlChars } from '../validation.js';

/**
 * CSV that Excel opens correctly: UTF-8 with a byte-order mark (so Chinese names stay
 * intact), CRLF line ends, every field quoted. Cells that start like a formula (other than
 * plain numbers such as +86 phone numbers) are prefixed with an apostrophe so a crafted
 * name cannot run in the spreadsheet. Control characters (other than tab and line breaks)
 * are dropped: input refuses them, but rows stored before that check may hold them.
 */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cell = (value: string | number | null | undefined) => {
    let s = value == null ? '' : withoutControlChars(String(value), { multiLine: true });
    if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?[\d\s().-]*$/.test(s)) s = `'${s}`;
    return `"${s.replace(/"/g, '""')}"`;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
