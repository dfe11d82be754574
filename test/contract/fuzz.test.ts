import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import type { OpenApiDocument } from '../support/contract.js';
import { createEvent, eventInput, multipartFile, PNG_1X1, publish } from '../support/fixtures.js';
import {
  ADMIN,
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  staffClient,
  startHarness,
} from '../support/harness.js';
import { odd, oddText, valid } from '../support/schema-arbitrary.js';

/**
 * Property-based fuzz over the OpenAPI document: every operation, called as admin,
 * member, sales, a read-only API token and anonymous, with inputs drawn from the
 * operation's own schemas (valid ones, spoiled ones, odd path parameters, bad bodies and
 * content types). Every answer must be below 500 and keep the document (the harness's
 * contract check turns a violation into a 500 and records it). Bounded in time per
 * dialect so `npm test` keeps its budget; the seed is printed to replay a failure.
 */
const SECONDS_PER_DIALECT = 30;

type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  method: string;
  path: string;
  params: { name: string; in: string; schema: Schema }[];
  body?: Schema;
  upload: boolean;
}

function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, raw]) => {
      const op = raw as unknown as {
        operationId: string;
        parameters: Operation['params'];
        requestBody?: { content: Record<string, { schema: Schema }> };
      };
      const content = op.requestBody?.content ?? {};
      return {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        params: op.parameters,
        body: content['application/json']?.schema,
        upload: 'multipart/form-data' in content,
      };
    }),
  );
}

/** Lone surrogates become U+FFFD, as a browser would send them. */
const wellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

type Actor = 'admin' | 'member' | 'sales' | 'token' | 'anonymous';
const ACTORS: Actor[] = ['admin', 'member', 'sales', 'token', 'anonymous'];

/** Path segments that are not what any route expects, sent as they are (not encoded). */
const RAW_SEGMENTS = [
  '%',
  '%zz',
  '%E0%A4%A',
  '..',
  '%2e%2e',
  '%00',
  '%2F',
  'x'.repeat(101),
  '%F0%9F%98%80',
  '~',
];

interface Request {
  op: Operation;
  actor: Actor;
  withCsrf: boolean;
  image: boolean;
  pathValues: Record<string, { raw: boolean; value: string }>;
  query: Record<string, unknown>;
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; type: string; payload: string } | { kind: 'none' };
}

for (const dialect of dialects) {
  describe(`fuzz over the OpenAPI document (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    const clients = new Map<Actor, StaffClient>();
    let readToken = '';
    let ops: Operation[] = [];
    /** Real values for path parameters (by the path's first segment after /api/v1), so requests reach real rows. */
    const known: Record<string, string[]> = {};
    const knownFor = (path: string, name: string) =>
      known[`${path.split('/')[3]}:${name}`] ?? known[name] ?? ['x'];

    before(async () => {
      h = await startHarness(dialect, {
        REGISTRATION_RATE_LIMIT_PER_MINUTE: '1000000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
        PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
      });
      const admin = await setupAdmin(h);
      clients.set('admin', admin);
      clients.set('member', await addTeammate(h, admin, 'member'));
      clients.set('sales', await addTeammate(h, admin, 'sales'));
      const spare = await addTeammate(h, admin, 'member', 'spare@example.com');
      const token = await admin.request({
        method: 'POST',
        url: '/api/v1/api-tokens',
        payload: { name: 'read-only', scopes: ['events:read', 'registrations:read'] },
      });
      readToken = token.json().token;
      const spareToken = await admin.request({
        method: 'POST',
        url: '/api/v1/api-tokens',
        payload: { name: 'spare', scopes: ['events:read'] },
      });
      const event = await createEvent(admin, { access: 'open' });
      await publish(admin, event.id);
      const draft = await createEvent(admin, { title: 'A draft' });
      const speaker = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${event.id}/speakers`,
        payload: { name: 'Grace' },
      });
      const session = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${event.id}/agenda`,
        payload: { title: 'Keynote', starts_at: '2030-12-10T14:00', ends_at: '2030-12-10T14:30' },
      });
      const registration = await h.app.inject({
        method: 'POST',
        url: `/api/v1/public/events/${event.slug}/registrations`,
        payload: {
          name: 'Lin',
          email: 'lin@example.com',
          phone: '+86 138 0013 8000',
          company: 'Acme',
          consent: true,
        },
      });
      const invitation = await admin.request({
        method: 'POST',
        url: '/api/v1/invitations',
        payload: { email: 'later@example.com', role: 'sales' },
      });
      const filter = await admin.request({
        method: 'POST',
        url: '/api/v1/moderation/filters',
        payload: { pattern: 'spam', kind: 'keyword', action: 'block' },
      });
      await h.services.jobs.runDue();
      const mail = (await admin.request({ url: '/api/v1/mail' })).json().messages as { id: string }[];
      known['events:id'] = [event.id, event.id, draft.id];
      known['users:id'] = [spare.userId];
      known['api-tokens:id'] = [spareToken.json().api_token.id];
      known['invitations:id'] = [invitation.json().invitation.id];
      known['moderation:id'] = [filter.json().filter.id];
      known['mail:id'] = mail.map((m) => m.id);
      known.speakerId = [speaker.json().speaker.id];
      known.sessionId = [session.json().session.id];
      known.registrationId = [registration.json().registration.id];
      known.slug = [event.slug, (await createEvent(admin, eventInput({ title: 'Other' }))).slug];
      known.token = [invitation.json().token];
      ops = operationsOf((await h.app.inject('/api/openapi.json')).json());
    });
    after(() => h.close());

    /** A request for one operation: valid or spoiled input, known or odd path parameters. */
    const requestFor = (op: Operation): fc.Arbitrary<Request> => {
      const pathParams = op.params.filter((p) => p.in === 'path');
      const queryParams = op.params.filter((p) => p.in === 'query');
      const pathValue = (name: string) =>
        fc.oneof(
          {
            weight: 8,
            arbitrary: fc.constantFrom(...knownFor(op.path, name)).map((value) => ({ raw: false, value })),
          },
          { weight: 2, arbitrary: oddText.map((value) => ({ raw: false, value })) },
          { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((value) => ({ raw: true, value })) },
        );
      const body: fc.Arbitrary<Request['body']> = op.upload
        ? fc.constant({ kind: 'none' as const })
        : op.body
          ? fc.oneof(
              { weight: 5, arbitrary: valid(op.body).map((value) => ({ kind: 'json' as const, value })) },
              { weight: 4, arbitrary: odd(op.body).map((value) => ({ kind: 'json' as const, value })) },
              {
                weight: 1,
                arbitrary: fc
                  .tuple(
                    fc.constantFrom(
                      'application/json',
                      'text/plain',
                      'application/x-www-form-urlencoded',
                      'application/xml',
                    ),
                    oddText,
                  )
                  .map(([type, payload]) => ({ kind: 'raw' as const, type, payload })),
              },
            )
          : fc.oneof(
              { weight: 4, arbitrary: fc.constant({ kind: 'none' as const }) },
              {
                weight: 1,
                arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => ({ kind: 'json' as const, value })),
              },
            );
      return fc.record({
        op: fc.constant(op),
        actor: fc.constantFrom(...ACTORS),
        withCsrf: fc.nat({ max: 9 }).map((n) => n > 0),
        image: fc.boolean(),
        pathValues: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, pathValue(p.name)]))),
        query: fc.record(
          Object.fromEntries(
            queryParams.map((p) => [p.name, fc.oneof({ weight: 3, arbitrary: valid(p.schema) }, oddText)]),
          ),
          { requiredKeys: [] },
        ),
        body,
      });
    };

    const inject = async (r: Request) => {
      let url = r.op.path.replace(/\{([A-Za-z_]+)\}/g, (_, name: string) => {
        const v = r.pathValues[name] ?? { raw: false, value: 'x' };
        return v.raw ? v.value : encodeURIComponent(wellFormed(v.value));
      });
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(r.query))
        query.set(k, typeof v === 'string' ? v : JSON.stringify(v));
      if ([...query].length > 0) url += `?${query}`;
      const headers: Record<string, string> = {};
      const client = clients.get(r.actor);
      if (client) {
        headers.cookie = client.cookie;
        if (r.withCsrf) headers['x-csrf-token'] = client.csrfToken;
      }
      if (r.actor === 'token') headers.authorization = `Bearer ${readToken}`;
      const opts: InjectOptions = { method: r.op.method as InjectOptions['method'], url, headers };
      if (r.op.upload) {
        const file = multipartFile(r.image ? PNG_1X1 : Buffer.from('not an image'));
        opts.payload = file.payload;
        Object.assign(headers, file.headers);
      } else if (r.body.kind === 'json') {
        opts.payload = JSON.stringify(r.body.value);
        headers['content-type'] = 'application/json';
      } else if (r.body.kind === 'raw') {
        opts.payload = r.body.payload;
        headers['content-type'] = r.body.type;
      }
      const res = await h.app.inject(opts);
      // Signing out or changing the password ends a fuzzing actor's session: sign it in again.
      if (client && res.statusCode === 401 && r.actor !== 'token') await signInAgain(r.actor);
      return { url, status: res.statusCode, body: res.body };
    };

    const signInAgain = async (actor: Actor) => {
      const email = actor === 'admin' ? ADMIN.email : `${actor}@example.com`;
      const password = actor === 'admin' ? ADMIN.password : 'another good password';
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email, password },
      });
      if (res.statusCode === 200) clients.set(actor, staffClient(h.app, res));
    };

    it(`answers every operation, as every actor, below 500 and as documented (${SECONDS_PER_DIALECT} s)`, async () => {
      const failures: string[] = [];
      let requests = 0;
      const byStatus = new Map<number, number>();
      const reached = new Set<string>();
      const record = async (r: Request) => {
        const res = await inject(r);
        requests++;
        byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
        if (res.status < 400) reached.add(r.op.operationId);
        if (res.status >= 500) {
          failures.push(`${r.actor} ${r.op.method} ${res.url} → ${res.status} ${res.body.slice(0, 300)}`);
        }
      };
      const seed = Date.now() % 2 ** 31;
      const started = Date.now();
      // Every operation as every actor at least once, then random picks until the time is up.
      for (const op of ops) {
        for (const actor of ACTORS) {
          const [sample] = fc.sample(requestFor(op), { seed: seed + requests, numRuns: 1 });
          if (sample) await record({ ...sample, actor });
        }
      }
      const left = 1000 * SECONDS_PER_DIALECT - (Date.now() - started);
      if (left > 0) {
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...ops).chain(requestFor), async (r) => {
            await record(r);
            return true;
          }),
          {
            seed: seed + 1,
            numRuns: 1_000_000,
            interruptAfterTimeLimit: left,
            markInterruptAsFailure: false,
          },
        );
      }
      const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
      console.log(
        `fuzz ${dialect}: ${requests} requests, ${ops.length} operations (${reached.size} answered 2xx/3xx), ` +
          `${failures.length} with 5xx or off the document, seed ${seed}; statuses ${statuses.join(' ')}; ` +
          `never 2xx: ${ops
            .map((o) => o.operationId)
            .filter((id) => !reached.has(id))
            .join(', ')}`,
      );
      assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failures (seed ${seed})`);
      assert.deepEqual(h.contractViolations.slice(0, 10), []);
    });
  });
}
