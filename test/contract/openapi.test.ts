import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { z } from 'zod';
import { installErrorHandling } from '../../src/http/errors.js';
import { installOpenApi } from '../../src/http/openapi.js';
import { enforceContract, type OpenApiDocument } from '../support/contract.js';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';

type Schema = Record<string, unknown>;
type Operation = {
  operationId: string;
  security: unknown[];
  description?: string;
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};

const operations = (doc: OpenApiDocument) =>
  Object.entries(doc.paths).flatMap(([p, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path: p, method, op: op as unknown as Operation })),
  );

/** Every (property name, schema) pair of a schema, nested ones included. */
function* properties(schema: unknown, name = ''): Generator<[string, Schema]> {
  if (!schema || typeof schema !== 'object') return;
  const s = schema as Schema;
  if (name) yield [name, s];
  for (const [key, value] of Object.entries((s.properties as Record<string, unknown>) ?? {})) {
    yield* properties(value, key);
  }
  for (const key of ['items', 'additionalProperties']) yield* properties(s[key], '');
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    for (const sub of (s[key] as unknown[]) ?? []) yield* properties(sub, '');
  }
}
const formatOf = (s: Schema): unknown =>
  s.format ?? (s.anyOf as Schema[] | undefined)?.find((x) => x.type !== 'null')?.format;

for (const dialect of dialects) {
  describe(`OpenAPI document (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let doc: OpenApiDocument;
    before(async () => {
      h = await startHarness(dialect);
      admin = await setupAdmin(h);
      doc = (await h.app.inject('/api/openapi.json')).json();
    });
    after(() => h.close());

    it('names every operation with a unique camelCase operationId', () => {
      const ops = operations(doc);
      assert.ok(ops.length >= 61, `${ops.length} operations`);
      const ids = ops.map((o) => o.op.operationId);
      for (const id of ids) assert.match(id ?? '', /^[a-z][a-zA-Z0-9]+$/);
      assert.equal(new Set(ids).size, ids.length);
    });

    it('declares a non-empty success schema, the shared error and the security of every operation', () => {
      for (const { path: p, method, op } of operations(doc)) {
        const where = `${method.toUpperCase()} ${p}`;
        const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
        assert.ok(success.length > 0, `${where}: no success response`);
        for (const [, response] of success) {
          const schemas = Object.values(response.content ?? {}).map((m) => m.schema);
          assert.ok(
            schemas.length > 0 && schemas.every((s) => Object.keys(s).length > 0),
            `${where}: empty schema`,
          );
        }
        assert.deepEqual(op.responses.default?.content?.['application/json']?.schema, {
          $ref: '#/components/schemas/Error',
        });
        if (op.security.length > 0) {
          assert.ok(op.responses['401'] && op.responses['403'], `${where}: secured without 401/403`);
        }
      }
    });

    it('declares 201 for a new public registration, 200 for a repeated one', () => {
      const op = doc.paths['/api/v1/public/events/{slug}/registrations']?.post as unknown as Operation;
      assert.ok(op.responses['201']?.content && op.responses['200']?.content);
      assert.deepEqual(op.security, []);
    });

    it('declares the session (and bearer token) security of staff routes', () => {
      const me = doc.paths['/api/v1/me']?.get as unknown as Operation;
      assert.deepEqual(me.security, [{ session: [] }]);
      assert.ok(me.responses['401']);
      const events = doc.paths['/api/v1/events']?.get as unknown as Operation;
      assert.deepEqual(events.security, [{ session: [] }, { apiToken: [] }]);
    });

    it('gives email, instant, time zone and URL fields their format', () => {
      const seen = new Set<string>();
      for (const { path: p, method, op } of operations(doc)) {
        for (const response of Object.values(op.responses)) {
          for (const media of Object.values(response.content ?? {})) {
            for (const [name, schema] of properties(media.schema)) {
              const where = `${method.toUpperCase()} ${p} ${name}`;
              const expected = name.endsWith('_at')
                ? 'date-time'
                : name === 'email' || name === 'to_address'
                  ? 'email'
                  : name === 'timezone'
                    ? 'time-zone'
                    : /^(join|confirmation|calendar)_url$|^url$/.test(name)
                      ? 'uri'
                      : undefined;
              // A number named *_at is a threshold (the chat screen's hold_at), not an instant.
              const type = (schema as { type?: unknown }).type;
              if (!expected || type === 'number' || type === 'integer') continue;
              // A room offer's link may be a path on this site: a URI reference, still checked.
              const format =
                expected === 'uri' && formatOf(schema) === 'uri-reference' ? 'uri-reference' : expected;
              assert.equal(formatOf(schema), format, where);
              seen.add(expected);
            }
          }
        }
      }
      assert.deepEqual([...seen].sort(), ['date-time', 'email', 'time-zone', 'uri']);
    });

    it('types a generated client (openapi-typescript + openapi-fetch) that compiles and reads real answers', async () => {
      const dir = fs.mkdtempSync(path.join('node_modules', '.cache-leadcast-contract-'));
      try {
        fs.writeFileSync(path.join(dir, 'api.ts'), astToString(await openapiTS(doc as never)));
        fs.writeFileSync(path.join(dir, 'client.ts'), CLIENT);
        const program = ts.createProgram([path.join(dir, 'client.ts')], {
          strict: true,
          noEmit: true,
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.NodeNext,
          moduleResolution: ts.ModuleResolutionKind.NodeNext,
          skipLibCheck: true,
          allowImportingTsExtensions: true,
          types: ['node'],
          lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
        });
        const problems = ts
          .getPreEmitDiagnostics(program)
          .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        assert.deepEqual(problems, []);
        await h.app.listen({ port: 0, host: '127.0.0.1' });
        const address = h.app.server.address() as { port: number };
        const client = (await import(path.resolve(dir, 'client.ts'))) as {
          exercise(baseUrl: string, cookie: string, csrf: string): Promise<Record<string, unknown>>;
        };
        const seen = await client.exercise(`http://127.0.0.1:${address.port}`, admin.cookie, admin.csrfToken);
        assert.deepEqual(seen, {
          email: 'admin@example.com',
          timezone: 'Asia/Shanghai',
          registrationStatus: 201,
          again: false,
          missing: 'NOT_FOUND',
        });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** A small program against the generated types: it only compiles if the document types real use. */
const CLIENT = `import createClient from 'openapi-fetch';
import type { paths } from './api.ts';

export async function exercise(baseUrl: string, cookie: string, csrf: string) {
  const client = createClient<paths>({ baseUrl, headers: { cookie, 'x-csrf-token': csrf } });
  const me = await client.GET('/api/v1/me');
  if (!me.data) throw new Error('no /me');
  const csrfToken: string = me.data.csrf_token;
  const email: string = me.data.user.email;
  const created = await client.POST('/api/v1/events', {
    headers: { 'x-csrf-token': csrfToken },
    body: { title: 'Typed client', timezone: 'Asia/Shanghai', starts_at: '2030-12-10T14:00', ends_at: '2030-12-10T15:00' },
  });
  if (!created.data) throw new Error(JSON.stringify(created.error));
  const id: string = created.data.event.id;
  await client.POST('/api/v1/events/{id}/status', { params: { path: { id } }, body: { to: 'scheduled' } });
  const detail = await client.GET('/api/v1/events/{id}', { params: { path: { id } } });
  if (!detail.data) throw new Error('no detail');
  const timezone: string = detail.data.event.timezone;
  const body = { name: 'Lin', email: 'lin@example.com', phone: '+86 138 0013 8000', company: 'Acme', consent: true as const };
  const slug = { params: { path: { slug: detail.data.event.slug } }, body };
  const registered = await client.POST('/api/v1/public/events/{slug}/registrations', slug);
  const repeated = await client.POST('/api/v1/public/events/{slug}/registrations', slug);
  if (!repeated.data) throw new Error('no repeat');
  // 201 carries the links; a repeat (200) never does, so the client must narrow on \`created\`.
  const joinUrl: string | undefined = registered.data?.created ? registered.data.registration.join_url : undefined;
  if (!joinUrl) throw new Error('no join url');
  const missing = await client.GET('/api/v1/events/{id}', { params: { path: { id: 'no-such-event' } } });
  const code: string | undefined = missing.error?.error.code;
  return { email, timezone, registrationStatus: registered.response.status, again: repeated.data.created, missing: code };
}
`;

describe('contract check', () => {
  /** A tiny app with one honest route, one that drifted and one undocumented. */
  async function tinyApp(violations: string[]) {
    const app = Fastify({ logger: false });
    installErrorHandling(app);
    installOpenApi(app, { version: 'test', serverUrl: 'http://localhost' });
    const response = z.object({ name: z.string(), at: z.iso.datetime() });
    const doc = (operationId: string) => ({
      doc: { operationId, summary: operationId, tags: ['t'], response },
    });
    app.get('/api/v1/honest', { config: doc('getHonest') }, async () => ({
      name: 'x',
      at: new Date().toISOString(),
    }));
    app.get('/api/v1/drifted', { config: doc('getDrifted') }, async () => ({
      name: 'x',
      at: 'yesterday',
      extra: 1,
    }));
    app.post('/api/v1/created', { config: doc('create') }, async (_req, reply) =>
      reply.status(201).send({ name: 'x', at: new Date().toISOString() }),
    );
    app.get('/api/v1/undocumented', async () => ({ ok: true }));
    const contract = enforceContract(app, violations);
    await app.ready();
    await contract.start();
    return app;
  }

  it('passes responses that keep the document and fails those that do not, naming the problem', async () => {
    const violations: string[] = [];
    const app = await tinyApp(violations);
    try {
      assert.equal((await app.inject('/api/v1/honest')).statusCode, 200);
      assert.equal((await app.inject('/api/v1/nowhere')).statusCode, 404);
      assert.deepEqual(violations, []);
      const drifted = await app.inject('/api/v1/drifted');
      assert.equal(drifted.statusCode, 500);
      assert.match(
        drifted.json().error.message,
        /API contract violation: GET \/api\/v1\/drifted → 200: .*additional/,
      );
      assert.match(violations[0] ?? '', /format "date-time"/);
      assert.match(
        (await app.inject({ method: 'POST', url: '/api/v1/created' })).json().error.message,
        /status 201 is not declared/,
      );
      assert.match(
        (await app.inject('/api/v1/undocumented')).json().error.message,
        /not in the OpenAPI document/,
      );
      assert.equal(violations.length, 3);
    } finally {
      await app.close();
    }
  });
});
