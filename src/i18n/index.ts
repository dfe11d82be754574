import { catalog } from './catalog.js';

export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];

/** A domain's strings: `{ en: { 'live.ended': '…' }, 'zh-CN': { 'live.ended': '…' } }`. */
export type Messages = Record<Locale, Record<string, string>>;

export const isLocale = (value: unknown): value is Locale => locales.includes(value as Locale);

/**
 * Translates `key` for `locale`, filling `{name}` placeholders from `params`. Falls
 * back to English, then to the key itself (so a missing string is visible, not blank).
 */
export function t(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const template = catalog[locale][key] ?? catalog.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** A translator bound to one locale, for page templates. */
export const translator = (locale: Locale) => (key: string, params?: Record<string, string | number>) =>
  t(locale, key, params);

/**
 * Picks the best supported locale from an Accept-Language header, e.g.
 * `zh-TW,zh;q=0.9,en;q=0.8` → `zh-CN`; undefined when nothing matches.
 */
export function negotiateLocale(acceptLanguage: string | undefined): Locale | undefined {
  if (!acceptLanguage) return undefined;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return undefined;
}

/** All strings with the given key prefixes, for embedding into a page's client script. */
export function clientMessages(locale: Locale, prefixes: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...catalog.en, ...catalog[locale] })) {
    if (prefixes.some((p) => key.startsWith(p))) out[key] = value;
  }
  return out;
}
