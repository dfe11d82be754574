import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import { errorStatus } from '../errors.js';

/** What a route says about itself for the OpenAPI document (`config.doc`). */
export interface RouteDoc {
  summary: string;
  tags: string[];
  permission?: string;
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  /** Non-JSON success bodies, e.g. `text/csv`. */
  produces?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    doc?: RouteDoc;
  }
}

const toSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

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

function buildDocument(routes: RouteOptions[], info: { version: string; serverUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const doc = route.config?.doc as RouteDoc;
    const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const params = [...route.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryProps = doc.query
      ? ((toSchema(doc.query) as { properties?: Record<string, unknown> }).properties ?? {})
      : {};
    const query = Object.entries(queryProps).map(([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      schema,
    }));
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    for (const method of methods) {
      paths[path] ??= {};
      paths[path][method.toLowerCase()] = {
        summary: doc.summary,
        tags: doc.tags,
        ...(doc.permission ? { description: `Requires permission \`${doc.permission}\`.` } : {}),
        parameters: [...params, ...query],
        ...(doc.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: toSchema(doc.body) } },
              },
            }
          : {}),
        responses: {
          '200': {
            description: 'Success',
            content: {
              [doc.produces ?? 'application/json']: { schema: doc.response ? toSchema(doc.response) : {} },
            },
          },
          default: {
            description: 'Error',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
        security: doc.permission ? [{ session: [] }, { apiToken: [] }] : [],
      };
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
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: Object.keys(errorStatus) },
                message: { type: 'string' },
                details: { type: 'object' },
              },
            },
          },
        },
      },
    },
  };
}
