import type { Dialect } from '../../src/db/database.js';
import { freePort } from './browser.js';
import { type Harness, startHarness } from './harness.js';

export interface LiveServer extends Harness {
  baseUrl: string;
}

/** A fresh LeadCast listening on a real loopback port, for browser tests. */
export async function startServer(dialect: Dialect, env: Record<string, string> = {}): Promise<LiveServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const h = await startHarness(dialect, { ...env, PUBLIC_BASE_URL: baseUrl });
  await h.app.listen({ port, host: '127.0.0.1' });
  return { ...h, baseUrl };
}
