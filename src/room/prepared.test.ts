import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { textFrame, writeFrame } from './prepared.js';

describe('prepared text frames', () => {
  let server: WebSocketServer;
  let client: WebSocket;
  let serverSide: WebSocket;
  const received: string[] = [];

  before(async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const connected = new Promise<WebSocket>((r) => server.once('connection', r));
    client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    client.on('message', (data) => received.push(data.toString()));
    serverSide = await connected;
  });
  after(() => {
    client.close();
    server.close();
  });

  it('writes frames of every length class that a ws client reads back intact, in order', async () => {
    const sizes = [0, 5, 125, 126, 65535, 65536, 200_000];
    for (const size of sizes) {
      const payload = Buffer.from('y'.repeat(size));
      writeFrame(serverSide, textFrame(payload), payload);
    }
    serverSide.send('after');
    while (received.length < sizes.length + 1) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(
      received.map((r) => r.length),
      [...sizes, 5],
    );
  });
});
