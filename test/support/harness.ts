import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { type Config, loadConfig } from '../../src/config.js';
import { type Dialect, openDatabase } from '../../src/db/database.js';
import { createServices, type Services } from '../../src/services.js';
import { enforceContract } from './contract.js';

/** The PostgreSQL server integration tests use; each test file gets its own fresh database in it. */
export const PG_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgAvailable: Promise<boolean> | undefined;
/**
 * Whether the PostgreSQL test server answers. A loaded machine can take seconds to accept a
 * connection, so this tries three times with a generous timeout before deciding it is absent;
 * under CI (`CI` set) an absent server is an error, never a silent skip of half the suite.
 */
export function isPostgresAvailable(): Promise<boolean> {
  pgAvailable ??= (async () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 10_000 });
      try {
        await client.connect();
        await client.query('select 1');
        return true;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      } finally {
        await client.end().catch(() => {});
      }
    }
    if (process.env.CI) throw new Error(`PostgreSQL not reachable at ${PG_ADMIN_URL} (required under CI)`);
    return false;
  })();
  return pgAvailable;
}

/** Both, unless TEST_DIALECTS narrows them (CI's second Node line runs `sqlite` only). */
export const dialects: Dialect[] = (['sqlite', 'postgres'] as const).filter(
  (d) => !process.env.TEST_DIALECTS || process.env.TEST_DIALECTS.split(',').includes(d),
);

/** `skip` option for node:test: a reason string when the dialect cannot run here. */
export async function skipReason(dialect: Dialect): Promise<string | false> {
  if (dialect === 'postgres' && !(await isPostgresAvailable())) {
    return `PostgreSQL not reachable at ${PG_ADMIN_URL}`;
  }
  return false;
}

/** A clock tests can move forward. */
export class TestClock implements Clock {
  constructor(private current = new Date()) {}
  now() {
    return new Date(this.current);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface Harness {
  app: FastifyInstance;
  services: Services;
  config: Config;
  clock: TestClock;
  dialect: Dialect;
  dataDir: string;
  /** Responses that broke the API contract (see contract.ts); `close()` fails when there are any. */
  contractViolations: string[];
  close(): Promise<void>;
}

/**
 * A fresh LeadCast on an empty database of the given dialect: SQLite in a temp folder,
 * or a new PostgreSQL database dropped on close. `env` overrides configuration.
 */
export async function startHarness(dialect: Dialect, env: Record<string, string> = {}): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-test-'));
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if (dialect === 'postgres') {
    const name = `lc_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PUBLIC_BASE_URL: 'http://localhost:3000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const db = openDatabase(config.database);
  await db.migrate();
  const clock = new TestClock();
  const services = createServices({ config, db, clock });
  const app = await buildApp(services, { logger: false });
  const contractViolations: string[] = [];
  const contract = enforceContract(app, contractViolations);
  await app.ready();
  await contract.start();
  return {
    app,
    services,
    config,
    clock,
    dialect,
    dataDir,
    contractViolations,
    async close() {
      await app.close();
      await db.close();
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (contractViolations.length > 0) {
        throw new Error(`API contract violations:\n${[...new Set(contractViolations)].join('\n')}`);
      }
    },
  };
}

/** A signed-in browser: keeps the session cookie and sends the CSRF header. */
export interface StaffClient {
  userId: string;
  csrfToken: string;
  cookie: string;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

function cookieFrom(res: { cookies: { name: string; value: string }[] }): string {
  const c = res.cookies.find((x) => x.name === 'lc_session');
  if (!c) throw new Error('no session cookie in response');
  return `lc_session=${c.value}`;
}

export function staffClient(app: FastifyInstance, res: LightMyRequestResponse): StaffClient {
  const body = res.json() as { user: { id: string }; csrf_token: string };
  const cookie = cookieFrom(res);
  return {
    userId: body.user.id,
    csrfToken: body.csrf_token,
    cookie,
    request: (opts) =>
      app.inject({ ...opts, headers: { cookie, 'x-csrf-token': body.csrf_token, ...(opts.headers ?? {}) } }),
  };
}

export const ADMIN = { email: 'admin@example.com', name: 'Ada Admin', password: 'correct horse battery' };

/** Runs first-admin setup and returns the admin's signed-in client. */
export async function setupAdmin(h: Harness): Promise<StaffClient> {
  const token = await h.services.accounts.issueSetupToken();
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token, ...ADMIN } });
  if (res.statusCode !== 200) throw new Error(`setup failed: ${res.body}`);
  return staffClient(h.app, res);
}

/** Invites a teammate with `role` and accepts the invitation; returns their client. */
export async function addTeammate(
  h: Harness,
  admin: StaffClient,
  role: 'admin' | 'member' | 'sales',
  email = `${role}@example.com`,
) {
  const invited = await admin.request({
    method: 'POST',
    url: '/api/v1/invitations',
    payload: { email, role },
  });
  if (invited.statusCode !== 200) throw new Error(`invite failed: ${invited.body}`);
  const { token } = invited.json() as { token: string };
  const res = await h.app.inject({
    method: 'POST',
    url: `/api/v1/invitations/by-token/${token}/accept`,
    payload: { name: `${role} user`, password: 'another good password' },
  });
  if (res.statusCode !== 200) throw new Error(`accept failed: ${res.body}`);
  return staffClient(h.app, res);
}
