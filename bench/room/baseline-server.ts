// The baseline: a minimal plain `ws` broadcast server. Every text frame a client sends
// is sent on to every connected client at once, with no batching, no validation, no
// database. Usage: node bench/room/baseline-server.ts <port>
import { WebSocketServer } from 'ws';
import { answerStats } from './stats.js';

const port = Number(process.argv[2] ?? 0);
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const text = data.toString();
    for (const client of wss.clients) if (client.readyState === 1) client.send(text);
  });
});
wss.on('listening', () => {
  answerStats(() => wss.clients.size);
  process.send?.({ ready: { port: (wss.address() as { port: number }).port, path: '/' } });
});
