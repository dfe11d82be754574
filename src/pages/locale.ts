import type { FastifyRequest } from 'fastify';
import { isLocale, type Locale, negotiateLocale } from '../i18n/index.js';

/** Audience pages speak `?lang=` when given, else the event's language, else the browser's. */
export function pageLocale(req: FastifyRequest, eventLanguage?: Locale, fallback: Locale = 'en'): Locale {
  const lang = (req.query as Record<string, unknown> | undefined)?.lang;
  if (isLocale(lang)) return lang;
  return eventLanguage ?? negotiateLocale(req.headers['accept-language']) ?? fallback;
}

/**
 * Pages that know whom they serve (a staff member's or a registration's language, or the
 * event's) speak that; otherwise the browser's language, else the site default.
 */
export function preferredLocale(req: FastifyRequest, preferred: unknown, fallback: Locale): Locale {
  return (
    (isLocale(preferred) ? preferred : undefined) ??
    negotiateLocale(req.headers['accept-language']) ??
    fallback
  );
}
