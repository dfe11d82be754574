import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timeZoneFormat } from '../../src/http/formats.js';

/**
 * The API contract, checked on every response the test suite receives: each response of
 * an `/api/…` URL must have a status its operation declares (or a 5xx, under `default`)
 * and a body that validates against the declared schema (OpenAPI 3.1 = JSON Schema
 * 2020-12, with formats). A response of an `/api/v1` route the document does not list is
 * a violation too, so the document cannot drift from the code.
 */

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId: string;
  responses: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

/** What a check needs to know about one exchange. */
export interface Exchange {
  method: string;
  /** The matched route pattern (`/api/v1/events/:id`), undefined when nothing matched. */
  route: string | undefined;
  url: string;
  status: number;
  contentType: string | undefined;
  body: string | undefined;
}

const COMPONENT_REF = /^#\/components\/schemas\/(.+)$/;

/** Inlines `#/components/schemas/…` so each schema compiles on its own. */
function inline(schema: unknown, components: Record<string, unknown>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, components));
  if (!schema || typeof schema !== 'object') return schema;
  const ref = (schema as { $ref?: unknown }).$ref;
  const name = typeof ref === 'string' ? COMPONENT_REF.exec(ref)?.[1] : undefined;
  if (name) return inline(components[name], components);
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(v, components)]));
}

export class Contract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly validators = new Map<unknown, ValidateFunction>();
  private readonly errorResponse: ResponseObject;

  constructor(readonly document: OpenApiDocument) {
    addFormats.default(this.ajv);
    this.ajv.addFormat('time-zone', timeZoneFormat);
    this.errorResponse = {
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }

  /** The operation of a route pattern, as the document spells its path. */
  operation(method: string, route: string): Operation | undefined {
    return this.document.paths[route.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[method.toLowerCase()];
  }

  private validator(schema: unknown): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      validate = this.ajv.compile(inline(schema, this.document.components.schemas) as object);
      this.validators.set(schema, validate);
    }
    return validate;
  }

  /** Undefined when the exchange keeps the contract, else what is wrong with it. */
  check(x: Exchange): string | undefined {
    const path = x.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/') || path === '/api/openapi.json' || x.method === 'HEAD') return undefined;
    let declared: ResponseObject | undefined;
    if (x.route === undefined || !x.route.startsWith('/api/')) {
      // No route matched (404), or Fastify refused the URL before routing (414, bad encoding).
      declared = x.status >= 400 ? this.errorResponse : undefined;
      if (!declared) return `${x.method} ${path}: ${x.status} without a route`;
    } else {
      const op = this.operation(x.method, x.route);
      if (!op) return `${x.method} ${x.route} is not in the OpenAPI document`;
      declared = op.responses[String(x.status)] ?? (x.status >= 500 ? op.responses.default : undefined);
      if (!declared) return `${op.operationId}: status ${x.status} is not declared`;
    }
    const where = `${x.method} ${x.route ?? path} → ${x.status}`;
    const mediaType = x.contentType?.split(';')[0]?.trim().toLowerCase();
    if (!declared.content) {
      return x.body ? `${where}: a body where the document declares none` : undefined;
    }
    const media = mediaType ? declared.content[mediaType] : undefined;
    if (!media) {
      return `${where}: content type ${mediaType ?? '(none)'} is not one of ${Object.keys(declared.content).join(', ')}`;
    }
    if (mediaType !== 'application/json') return undefined;
    let json: unknown;
    try {
      json = JSON.parse(x.body ?? '');
    } catch {
      return `${where}: the body is not JSON`;
    }
    const validate = this.validator(media.schema ?? {});
    if (validate(json)) return undefined;
    const problems = (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
      )
      .join('; ');
    return `${where}: ${problems} — body ${(x.body ?? '').slice(0, 300)}`;
  }
}

/** The body of a reply as `onSend` sees it, when it is text we can read. */
function readable(payload: unknown): string | undefined {
  if (payload === undefined || payload === null) return undefined;
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return undefined;
}

/**
 * Installs the contract check on an app (tests only; call before `ready()`, then `start()`). Every
 * violation is kept in `violations`, and the response that broke the contract is turned
 * into a 500 naming the violation, so the test that received it fails.
 */
export function enforceContract(app: FastifyInstance, violations: string[]): { start(): Promise<void> } {
  let contract: Contract | undefined;
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!contract) return payload;
    const body = readable(payload);
    // Streams (files, media) are not JSON; the content type alone is checked.
    const problem = contract.check({
      method: req.method,
      route: req.routeOptions.url,
      url: req.url,
      status: reply.statusCode,
      contentType: reply.getHeader('content-type') as string | undefined,
      body: body ?? (payload ? undefined : ''),
    });
    if (!problem) return payload;
    violations.push(problem);
    reply.status(500).header('content-type', 'application/json; charset=utf-8');
    reply.removeHeader('content-length');
    return JSON.stringify({ error: { code: 'INTERNAL', message: `API contract violation: ${problem}` } });
  });
  return {
    /** Reads the document the app serves; checks start with the next request. */
    async start() {
      const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      contract = new Contract(res.json() as OpenApiDocument);
    },
  };
}
