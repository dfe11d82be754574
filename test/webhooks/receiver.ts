import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The body as the standardwebhooks library verified it, or the verification error. */
  verified: { type: string; timestamp: string; data: Record<string, unknown> } | Error;
}

/**
 * A real HTTP receiver on 127.0.0.1: verifies each request with the standardwebhooks
 * library against `secret()` and answers what `respond` says (a status, or 'hang' to hold
 * the request open until `release()`).
 */
export async function startReceiver() {
  const received: Received[] = [];
  const held: http.ServerResponse[] = [];
  let respond: (r: Received) => number | 'hang' = () => 200;
  let secret = '';
  const waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      let verified: Received['verified'];
      try {
        verified = new Webhook(secret).verify(body, headers) as Exclude<Received['verified'], Error>;
      } catch (err) {
        verified = err as Error;
      }
      const r: Received = {
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        body,
        verified,
      };
      received.push(r);
      for (const w of waiters.splice(0)) w();
      const answer = respond(r);
      if (answer === 'hang') held.push(res);
      else res.writeHead(answer, { 'content-type': 'text/plain' }).end(`answer ${answer}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    received,
    setSecret: (s: string) => {
      secret = s;
    },
    respond: (fn: typeof respond) => {
      respond = fn;
    },
    /** Resolves once `n` requests have arrived in all. */
    async waitFor(n: number) {
      while (received.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    release(status = 200) {
      for (const res of held.splice(0)) res.writeHead(status).end('late');
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held.splice(0)) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
