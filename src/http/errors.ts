import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { isLocale, type Locale, negotiateLocale } from '../i18n/index.js';
import { ValidationFailed } from '../validation.js';

/**
 * The language of field messages in an error: `?lang`, else the signed-in user's, else the
 * browser's (Accept-Language), else English.
 */
export function requestLocale(req: FastifyRequest): Locale {
  const lang = (req.query as Record<string, unknown> | undefined)?.lang;
  if (isLocale(lang)) return lang;
  const actor = req.actor;
  if (actor?.kind === 'user' && isLocale(actor.user.locale)) return actor.user.locale;
  return negotiateLocale(req.headers['accept-language']) ?? 'en';
}

/** Maps Fastify's own error codes onto ours, so every error body has the same shape. */
function fromFastify(err: FastifyError): AppError | undefined {
  if (err.statusCode === 429) return new AppError('RATE_LIMITED', 'Too many requests; try again in a moment');
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('BAD_REQUEST', err.message);
  }
  if (err instanceof SyntaxError || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)) {
    return new AppError('BAD_REQUEST', err.message);
  }
  return undefined;
}

/** Renders a page for browsers that hit a missing non-API URL (JSON clients get JSON). */
export type NotFoundPage = (req: FastifyRequest) => string;

/** The single place where errors become HTTP responses. */
export function installErrorHandling(app: FastifyInstance, notFoundPage?: NotFoundPage): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const appError = err instanceof AppError ? err : fromFastify(err);
    if (!appError) {
      req.log.error({ err }, 'unhandled error');
      return reply.status(500).send(new AppError('INTERNAL', 'Something went wrong on our side').toJSON());
    }
    if (appError.status >= 500) req.log.error({ err }, appError.message);
    if (appError instanceof ValidationFailed && appError.details?.fields) {
      const body = appError.toJSON();
      body.error.details = { ...appError.details, fields: appError.fieldsIn(requestLocale(req)) };
      return reply.status(appError.status).send(body);
    }
    return reply.status(appError.status).send(appError.toJSON());
  });
  app.setNotFoundHandler((req, reply) => {
    const wantsPage =
      notFoundPage && !req.url.startsWith('/api/') && req.headers.accept?.includes('text/html');
    if (wantsPage) return reply.status(404).type('text/html; charset=utf-8').send(notFoundPage(req));
    return reply
      .status(404)
      .send(new AppError('NOT_FOUND', `No route for ${req.method} ${req.url.split('?')[0]}`).toJSON());
  });
}
