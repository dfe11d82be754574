/** HTML that is already safe to emit (built by `html` or deliberately trusted). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

type Value = SafeHtml | string | number | null | undefined | false | Value[];
const render = (v: Value): string =>
  v instanceof SafeHtml
    ? v.value
    : Array.isArray(v)
      ? v.map(render).join('')
      : v == null || v === false
        ? ''
        : escapeHtml(String(v));

/**
 * Tagged template for server-rendered pages: every interpolated value is escaped unless
 * it is SafeHtml (a nested `html` result). Arrays are joined; null/false render nothing.
 */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** JSON for a `<script type="application/json">` block: `<` is escaped so it cannot close the tag. */
export const jsonForScript = (data: unknown) => new SafeHtml(JSON.stringify(data).replace(/</g, '\\u003c'));
