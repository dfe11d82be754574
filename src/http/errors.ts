import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../errors.js';
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

/**
 * Fastify's (and its plugins') own error codes mapped onto ours, with messages of our
 * own: theirs echo the request (a whole path, a piece of the body), ours never do.
 */
const FASTIFY_ERRORS: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['PAYLOAD_TOO_LARGE', 'The request is too large'],
  FST_REQ_FILE_TOO_LARGE: ['PAYLOAD_TOO_LARGE', 'The file is too large'],
  FST_FILES_LIMIT: ['PAYLOAD_TOO_LARGE', 'Send one file'],
  FST_PARTS_LIMIT: ['PAYLOAD_TOO_LARGE', 'The form has too many parts'],
  FST_FIELDS_LIMIT: ['PAYLOAD_TOO_LARGE', 'The form has too many fields'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['BAD_REQUEST', 'The content length does not match the body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['BAD_REQUEST', 'The JSON body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['BAD_REQUEST', 'The body is not valid JSON'],
  FST_ERR_BAD_URL: ['BAD_REQUEST', 'The URL is not validly encoded'],
  FST_ERR_INVALID_URL: ['BAD_REQUEST', 'The URL is not valid'],
  FST_ERR_MAX_PARAM_LENGTH: ['URI_TOO_LONG', 'A path parameter is longer than 100 characters'],
  FST_PROTO_VIOLATION: ['BAD_REQUEST', 'The form has a forbidden field name'],
  FST_INVALID_JSON_FIELD_ERROR: ['BAD_REQUEST', 'A form field is not valid JSON'],
};

/** Maps Fastify's own errors onto ours, so every error body has the same shape. */
function fromFastify(err: FastifyError): AppError | undefined {
  if (err.statusCode === 429) return new AppError('RATE_LIMITED', 'Too many requests; try again in a moment');
  const known = err.code ? FASTIFY_ERRORS[err.code] : undefined;
  if (known) return new AppError(...known);
  // JSON.parse and secure-json-parse (`__proto__`) throw SyntaxError with the offending text.
  if (err instanceof SyntaxError) return new AppError('BAD_REQUEST', 'The body is not valid JSON');
  if (err.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE', 'The request is too large');
  if (err.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError('BAD_REQUEST', 'The request could not be read');
  }
  return undefined;
}

/** Renders a page for browsers that hit a missing non-API URL (JSON clients get JSON). */
export type NotFoundPage = (req: FastifyRequest) => string;

function sendError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
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
}

/**
 * Errors Fastify answers before routing (a path parameter over `maxParamLength`, a URL
 * that does not decode): the `frameworkErrors` server option, so they take our shape too.
 */
export const frameworkErrors = (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
  sendError(err, req, reply);
};

/** The single place where errors become HTTP responses. */
export function installErrorHandling(app: FastifyInstance, notFoundPage?: NotFoundPage): void {
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((req, reply) => {
    const wantsPage =
      notFoundPage && !req.url.startsWith('/api/') && req.headers.accept?.includes('text/html');
    if (wantsPage) return reply.status(404).type('text/html; charset=utf-8').send(notFoundPage(req));
    return reply.status(404).send(new AppError('NOT_FOUND', 'No such route').toJSON());
  });
}
