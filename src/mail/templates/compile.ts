import { convert } from 'html-to-text';
import mjml2html from 'mjml';
import { markupProblems } from './markup.js';
import {
  escapeHtml,
  fill,
  headerSafe,
  htmlValue,
  type MergeValues,
  mergeProblems,
  type TemplateProblem,
} from './merge.js';

export const SUBJECT_MAX = 200;

/** A template rendered once, merge fields still in place: filling it per recipient is string work only. */
export interface CompiledTemplate {
  subject: string;
  html: string;
  text: string;
}

export type CompileResult =
  | { ok: true; compiled: CompiledTemplate }
  | { ok: false; problems: TemplateProblem[] };

/**
 * Checks and renders a template: the subject is one line, merge fields are known, the
 * MJML is well formed and valid (MJML's own validator, with its line numbers). The footer
 * with the unsubscribe link is added to every body, so no edit can remove it. The
 * plain-text part is made from the rendered HTML (links kept as `text [url]`).
 */
export async function compileTemplate(
  input: { subject: string; body: string },
  footer: { notice: string; unsubscribe: string },
): Promise<CompileResult> {
  const problems: TemplateProblem[] = [];
  if (/[\r\n]/.test(input.subject))
    problems.push({ part: 'subject', line: 2, message: 'The subject is one line' });
  if (input.subject.trim() === '') problems.push({ part: 'subject', line: 1, message: 'Enter a subject' });
  if (input.subject.length > SUBJECT_MAX)
    problems.push({ part: 'subject', line: 1, message: `At most ${SUBJECT_MAX} characters` });
  problems.push(...mergeProblems(input.subject, 'subject'), ...mergeProblems(input.body, 'body'));
  problems.push(...markupProblems(input.body));
  if (!/<\/mj-body>/.test(input.body))
    problems.push({
      part: 'body',
      line: 1,
      message: 'The body is an MJML document: <mjml><mj-body>…</mj-body></mjml>',
    });
  if (problems.length) return { ok: false, problems };
  const withFooter = input.body.replace(
    /<\/mj-body>/,
    `<mj-section><mj-column><mj-text font-size="12px" color="#5b6475">${escapeHtml(footer.notice)} <a href="{{unsubscribe_url}}" style="color:#5b6475">${escapeHtml(footer.unsubscribe)}</a></mj-text></mj-column></mj-section></mj-body>`,
  );
  let rendered: Awaited<ReturnType<typeof mjml2html>>;
  try {
    rendered = await mjml2html(withFooter, { validationLevel: 'soft', keepComments: false });
  } catch (err) {
    return {
      ok: false,
      problems: [{ part: 'body', line: 1, message: `Not MJML: ${(err as Error).message}` }],
    };
  }
  if (rendered.errors.length)
    return {
      ok: false,
      problems: rendered.errors.map((e) => ({ part: 'body' as const, line: e.line, message: e.message })),
    };
  const text = convert(rendered.html, {
    wordwrap: 100,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ],
  });
  return { ok: true, compiled: { subject: input.subject, html: rendered.html, text } };
}

/** One recipient's message from a compiled template. */
export function personalise(template: CompiledTemplate, values: MergeValues) {
  return {
    subject: headerSafe(fill(template.subject, values, headerSafe)),
    html: fill(template.html, values, htmlValue),
    text: fill(template.text, values),
  };
}
