import type { FastifyRequest } from 'fastify';
import { isLocale, type Locale, negotiateLocale } from '../i18n/index.js';

/** Audience pages speak `?lang=` when given, else the event's language, else the browser's. */
export function pageLocale(req: FastifyRequest, eventLanguage?: Locale, fallback: Locale = 'en'): Locale {
  const lang = (req.query as Record<string, unknown> | undefined)?.lang;
  if (isLocale(lang)) return lang;
  return eventLanguage ?? negotiateLocale(req.headers['accept-language']) ?? fallback;
}
