import { ApiError, type FieldErrors } from '../api';
import { getLocale, hasKey, type MessageKey, t } from '../i18n';

/**
 * What to show for a failed request: a banner message and per-field messages. The
 * server writes its messages in English; in English we show them as they are (they are
 * specific), in other languages the translated meaning of the stable error code, and
 * field messages we know a translation for.
 */
export function describeError(err: unknown): { message: string; fields: FieldErrors } {
  if (!(err instanceof ApiError)) return { message: t('error.INTERNAL'), fields: {} };
  const fields: FieldErrors = {};
  for (const [name, text] of Object.entries(err.fields)) fields[name] = translateServerText(text);
  const codeKey = `error.${err.code}`;
  const generic = hasKey(codeKey) ? t(codeKey) : t('error.INTERNAL');
  const useServerText =
    getLocale() === 'en' && err.code !== 'NETWORK' && err.code !== 'INTERNAL' && err.message;
  return { message: useServerText ? err.message : generic, fields };
}

function translateServerText(text: string): string {
  if (getLocale() === 'en') return text;
  const key = `server.${text}` as MessageKey;
  return hasKey(key) ? t(key) : text;
}
