import net from 'node:net';
import type { Dialect } from '../../../src/db/database.js';
import { type Harness, startHarness } from '../../support/harness.js';

/** A free TCP port on loopback (so PUBLIC_BASE_URL can name it before the app is built). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface LiveServer extends Harness {
  baseUrl: string;
}

/** A fresh LeadCast listening on a real loopback port, for browser tests. */
export async function startServer(dialect: Dialect): Promise<LiveServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const h = await startHarness(dialect, { PUBLIC_BASE_URL: baseUrl });
  await h.app.listen({ port, host: '127.0.0.1' });
  return { ...h, baseUrl };
}
