// The room's strings on the client: the same catalog the server uses (src/room/messages.ts).
import { messages } from '../../../src/room/messages.js';

export type Locale = keyof typeof messages;
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function translator(locale: string | undefined): Translate {
  const lang: Locale = locale?.startsWith('zh') ? 'zh-CN' : 'en';
  const table = messages[lang] as Record<string, string>;
  const fallback = messages.en as Record<string, string>;
  return (key, params) =>
    (table[key] ?? fallback[key] ?? key).replace(/\{(\w+)\}/g, (m, name: string) =>
      params && name in params ? String(params[name]) : m,
    );
}

/** A message for an error frame: a specific reason when we have one, else the code's message. */
export function errorText(t: Translate, err: { code?: string; details?: { reason?: string } }): string {
  const byCode = t(`room.error.${err.code ?? 'generic'}`);
  return byCode.startsWith('room.error.') ? t('room.error.generic') : byCode;
}
