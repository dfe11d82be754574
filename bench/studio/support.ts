import type { Kysely } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { createServices } from '../../src/services.js';
import type { Server } from '../live/support.js';

/**
 * Signs the host in on a freshly started server (first setting up the admin account, after
 * `prepare` has written what the bench needs straight into its database) and returns the
 * session cookie and an API client for the server's event.
 */
export async function signInHost(server: Server, prepare?: (db: Kysely<Database>) => Promise<void>) {
  const config = loadConfig({ DATA_DIR: server.dataDir });
  const db = openDatabase(config.database);
  const services = createServices({ config, db, clock: { now: () => new Date() } });
  const setupToken = await services.accounts.issueSetupToken();
  await prepare?.(db.kysely);
  await db.close();
  const setup = await fetch(`${server.base}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token: setupToken,
      email: 'host@example.com',
      name: 'Host',
      password: 'correct horse battery',
    }),
  });
  const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const csrf = ((await setup.json()) as { csrf_token: string }).csrf_token;
  const api = (method: string, p: string, body?: unknown) =>
    fetch(`${server.base}/api/v1/events/${server.eventId}${p}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }).then((r) => r.json() as Promise<Record<string, unknown>>);
  return { cookie, api };
}
