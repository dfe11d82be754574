import type { Locale } from '../types';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { MessageKey };

const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export const localeNames: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

let current: Locale = 'en';

/** The language before anyone signs in: the browser's, if we speak it. */
export function browserLocale(): Locale {
  return navigator.languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export function setLocale(locale: Locale): void {
  current = locale;
  document.documentElement.lang = locale;
}

export const getLocale = (): Locale => current;

/** Translates `key`, filling `{name}` placeholders from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template = dictionaries[current][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/**
 * A count in words with the language's plural rules: `one` for "1 registration", `other`
 * for the rest (Chinese has only `other`). `{count}` is the formatted number.
 */
export function tCount(forms: { one: MessageKey; other: MessageKey }, count: number): string {
  const form = new Intl.PluralRules(current).select(count) === 'one' ? forms.one : forms.other;
  return t(form, { count: formatNumber(count) });
}

/** True when `key` names a string; for keys built from server values (error codes, statuses). */
export const hasKey = (key: string): key is MessageKey => key in en;

/** "Tue, 3 Dec 2026, 14:00" in the chosen language, in `timeZone` (the viewer's by default). */
export function formatDateTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(current, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}

export function formatTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(current, { hour: '2-digit', minute: '2-digit', timeZone }).format(
    new Date(iso),
  );
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(current).format(n);
}

export const viewerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;
