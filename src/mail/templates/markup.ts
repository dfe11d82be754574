import type { TemplateProblem } from './merge.js';

const VOID = new Set(['br', 'hr', 'img', 'meta', 'link', 'input', 'wbr', 'col', 'source', 'area', 'base']);
const TAG =
  /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*(\/?)>/g;

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

/**
 * Broken markup MJML would accept silently (it repairs unclosed tags as a browser does):
 * close tags without their open tag, open tags never closed, a `<` that starts no tag,
 * scripts and inline event handlers (a preview must never run code). Each with its line.
 */
export function markupProblems(body: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const open: { name: string; line: number }[] = [];
  let last = 0;
  const stray = (from: number, to: number) => {
    const chunk = body.slice(from, to);
    const at = chunk.indexOf('<');
    if (at >= 0)
      problems.push({
        part: 'body',
        line: lineAt(body, from + at),
        message: 'A "<" that starts no valid tag',
      });
  };
  for (const m of body.matchAll(TAG)) {
    stray(last, m.index);
    last = m.index + m[0].length;
    if (m[0].startsWith('<!--')) continue;
    const [, closing, rawName, attrs = '', selfClosing] = m;
    const name = rawName!.toLowerCase();
    const line = lineAt(body, m.index);
    if (name === 'script' || /\son[a-z]+\s*=/i.test(attrs) || /javascript:/i.test(attrs)) {
      problems.push({ part: 'body', line, message: 'Scripts and event handlers are not allowed in email' });
      continue;
    }
    if (closing) {
      const at = open.map((t) => t.name).lastIndexOf(name);
      if (at < 0) {
        problems.push({ part: 'body', line, message: `</${name}> was never opened` });
        continue;
      }
      // Tags opened inside and left open: one problem each, then carry on as a browser would.
      for (const inner of open.splice(at).slice(1))
        problems.push({
          part: 'body',
          line: inner.line,
          message: `<${inner.name}> is not closed before </${name}> (line ${line})`,
        });
    } else if (!selfClosing && !VOID.has(name)) open.push({ name, line });
  }
  stray(last, body.length);
  for (const tag of open)
    problems.push({ part: 'body', line: tag.line, message: `<${tag.name}> is never closed` });
  return problems;
}
