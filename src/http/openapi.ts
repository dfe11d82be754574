import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import type { Permission } from '../accounts/permissions.js';
import { type ErrorCode, errorStatus } from '../errors.js';

/** What a route says about itself for the OpenAPI document (`config.doc`). */
export interface RouteDoc {
  /** Stable, unique, camelCase verb + noun: what a generated client names the call. */
  operationId: string;
  summary: string;
  tags: string[];
  /** The permission the route checks; `signed-in` is any teammate's browser session. */
  permission?: Permission | 'signed-in';
  body?: z.ZodType;
  /** The body is `multipart/form-data` with one image in the field `file`. */
  upload?: boolean;
  query?: z.ZodType;
  /** The JSON success body (status `status`, 200 unless said). */
  response?: z.ZodType;
  status?: number;
  /** Other answers the route gives besides its success and the shared error shape. */
  responses?: Record<number, { description: string; schema?: z.ZodType }>;
  /** Error codes this route can answer besides those the document derives (auth, input, not found). */
  errors?: ErrorCode[];
  /** Non-JSON success bodies, e.g. `text/csv`. */
  produces?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    doc?: RouteDoc;
  }
}

/** What a request must send (defaults may be left out). */
const inputSchema = (schema: z.ZodType) =>
  clean(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
/** What a response holds: every field the server writes, and nothing else. */
const outputSchema = (schema: z.ZodType) =>
  clean(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));
const clean = ({ $schema: _, ...schema }: Record<string, unknown>) => schema;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (`VALIDATION_FAILED` with `details.fields`) or a malformed request (`BAD_REQUEST`)',
  401: 'No valid session or API token',
  403: 'The role or token scope does not allow this, or a cookie request without the CSRF token',
  404: 'No such resource',
  409: 'Conflicts with the current state',
  413: 'Body over its limit',
  414: 'A path parameter over 100 characters',
  415: 'Unsupported content type',
  429: 'Too many requests from this address',
};

/** Every error status a documented route can answer, derived from what the route declares. */
function errorStatuses(route: RouteOptions, method: string, doc: RouteDoc): Set<number> {
  const statuses = new Set<number>();
  const hasParams = route.url.includes(':');
  if (doc.permission) statuses.add(401).add(403);
  if (doc.body || doc.query || hasParams || BODY_METHODS.has(method)) statuses.add(400);
  if (hasParams) statuses.add(404).add(414);
  if (BODY_METHODS.has(method)) statuses.add(413).add(415);
  if (route.config && 'rateLimit' in route.config) statuses.add(429);
  for (const code of doc.errors ?? []) statuses.add(errorStatus[code]);
  return statuses;
}

const jsonContent = (schema: unknown) => ({ content: { 'application/json': { schema } } });

function operation(route: RouteOptions, method: string, doc: RouteDoc) {
  const params = [...route.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string', maxLength: 100 },
  }));
  const query = doc.query
    ? Object.entries(
        (inputSchema(doc.query) as { properties?: Record<string, unknown> }).properties ?? {},
      ).map(([name, schema]) => ({ name, in: 'query', required: false, schema }))
    : [];
  const requestBody = doc.upload
    ? {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
            },
          },
        },
      }
    : doc.body
      ? { required: true, ...jsonContent(inputSchema(doc.body)) }
      : undefined;
  const success = doc.produces
    ? { description: 'Success', content: { [doc.produces]: { schema: { type: 'string' } } } }
    : { description: 'Success', ...(doc.response ? jsonContent(outputSchema(doc.response)) : {}) };
  const responses: Record<string, unknown> = { [String(doc.status ?? 200)]: success };
  for (const [status, extra] of Object.entries(doc.responses ?? {})) {
    responses[status] = {
      description: extra.description,
      ...(extra.schema ? jsonContent(outputSchema(extra.schema)) : {}),
    };
  }
  const error = jsonContent({ $ref: '#/components/schemas/Error' });
  for (const status of [...errorStatuses(route, method, doc)].sort()) {
    responses[String(status)] ??= { description: ERROR_DESCRIPTIONS[status] ?? 'Error', ...error };
  }
  responses.default = { description: 'Unexpected error (`INTERNAL`, `UNAVAILABLE`)', ...error };
  return {
    operationId: doc.operationId,
    summary: doc.summary,
    tags: doc.tags,
    ...(doc.permission
      ? {
          description:
            doc.permission === 'signed-in'
              ? 'Requires a signed-in teammate (browser session).'
              : `Requires permission \`${doc.permission}\` (role, or API token scope).`,
        }
      : {}),
    parameters: [...params, ...query],
    ...(requestBody ? { requestBody } : {}),
    responses,
    security: !doc.permission
      ? []
      : doc.permission === 'signed-in'
        ? [{ session: [] }]
        : [{ session: [] }, { apiToken: [] }],
  };
}

/**
 * Collects every documented `/api/v1` route as it is registered and serves the
 * resulting OpenAPI 3.1 document at `/api/openapi.json`. The document is therefore
 * always the list of routes that really exist.
 */
export function installOpenApi(app: FastifyInstance, info: { version: string; serverUrl: string }): void {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1/') && route.config?.doc) routes.push(route);
  });
  let cached: unknown;
  app.get('/api/openapi.json', async () => {
    cached ??= buildDocument(routes, info);
    return cached;
  });
}

/** The shared error body every documented error status answers with. */
export const errorSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z
      .looseObject({
        fields: z
          .record(z.string(), z.string())
          .optional()
          .describe('Field path → message, for VALIDATION_FAILED'),
      })
      .optional(),
  }),
});

export function buildDocument(routes: RouteOptions[], info: { version: string; serverUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  const operationIds = new Set<string>();
  for (const route of routes) {
    const doc = route.config?.doc as RouteDoc;
    const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    // Fastify adds a HEAD route beside every GET: the same operation, not documented twice.
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    if (methods.length === 0) continue;
    if (operationIds.has(doc.operationId)) throw new Error(`duplicate operationId ${doc.operationId}`);
    operationIds.add(doc.operationId);
    for (const method of methods) {
      paths[path] ??= {};
      paths[path][method.toLowerCase()] = operation(route, method, doc);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'LeadCast API',
      version: info.version,
      description: `Errors carry a stable \`code\`: ${Object.entries(errorStatus)
        .map(([code, status]) => `\`${code}\` (${status})`)
        .join(', ')}. Cookie-session requests that change state must send the \`x-csrf-token\` header.`,
    },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'lc_session' },
        apiToken: { type: 'http', scheme: 'bearer' },
      },
      schemas: { Error: outputSchema(errorSchema) },
    },
  };
}
