// The load generator (run by bench/room/run.ts as its own process): opens N viewer
// sockets on 127.0.0.1, then posts chat at a fixed rate from a few of them and
// measures, on every 10th socket, how long each message took to arrive.
import WebSocket from 'ws';

export interface LoadParams {
  url: string;
  kind: 'plain' | 'leadcast';
  viewers: number;
  rampSeconds: number;
  chatSeconds: number;
  messagesPerSecond: number;
  senders: number;
}

export interface LoadResult {
  opened: number;
  failed: number;
  rampMs: number;
  sent: number;
  expected: number;
  received: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  loadCpuPercent: number;
}

const params = JSON.parse(process.argv[2] ?? '{}') as LoadParams;
const SAMPLE_EVERY = 10;
const CONCURRENT_OPENS = 100;
const histogram = new Uint32Array(60_001);
const MESSAGE = /b (\d{13}) \d+/g;
let received = 0;
let sampled = 0;
const sockets: WebSocket[] = [];

function onFrame(data: WebSocket.RawData) {
  const text = data.toString();
  const now = Date.now();
  for (const m of text.matchAll(MESSAGE)) {
    const bucket = Math.min(60_000, Math.max(0, now - Number(m[1])));
    histogram[bucket] = (histogram[bucket] ?? 0) + 1;
    received++;
  }
}

function open(i: number): Promise<boolean> {
  const url = params.kind === 'leadcast' ? `${params.url}?name=viewer${i}` : params.url;
  return new Promise((resolve) => {
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      headers: { 'user-agent': i % 3 ? 'Mozilla/5.0 (iPhone) Mobile' : 'Mozilla/5.0 (X11; Linux x86_64)' },
    });
    const timer = setTimeout(() => {
      ws.terminate();
      resolve(false);
    }, 30_000);
    const ok = () => {
      clearTimeout(timer);
      sockets.push(ws);
      if (i % SAMPLE_EVERY === 0) {
        sampled++;
        ws.on('message', onFrame);
      }
      resolve(true);
    };
    ws.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    if (params.kind === 'plain') ws.once('open', ok);
    else ws.once('message', ok);
  });
}

async function ramp(): Promise<{ opened: number; failed: number; rampMs: number }> {
  const start = Date.now();
  const deadline = start + params.rampSeconds * 1000;
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < params.viewers && Date.now() < deadline) {
      if (!(await open(next++))) failed++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_OPENS }, worker));
  return { opened: sockets.length, failed, rampMs: Date.now() - start };
}

/** Leadcast viewers send the heartbeat real clients send (every 15 s, spread out). */
function heartbeats(): NodeJS.Timeout[] {
  if (params.kind !== 'leadcast') return [];
  return sockets.map((ws, i) =>
    setTimeout(
      function beat() {
        if (ws.readyState === 1) ws.send('{"v":1,"type":"heartbeat","playing":true}');
        setTimeout(beat, 15_000).unref();
      },
      (i * 15_000) / sockets.length,
    ).unref(),
  );
}

async function chat(): Promise<number> {
  const senders = sockets.slice(0, params.senders);
  let seq = 0;
  const end = Date.now() + params.chatSeconds * 1000;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (Date.now() >= end) {
        clearInterval(timer);
        resolve();
        return;
      }
      const ws = senders[seq % senders.length];
      const body = `b ${Date.now()} ${seq}`;
      const frame =
        params.kind === 'leadcast'
          ? JSON.stringify({ v: 1, type: 'chat.send', id: `m${String(seq).padStart(9, '0')}`, body })
          : JSON.stringify({ body });
      ws?.send(frame);
      seq++;
    }, 1000 / params.messagesPerSecond);
  });
  await new Promise((r) => setTimeout(r, 3000));
  return seq;
}

function percentile(p: number, total: number): number {
  let seen = 0;
  for (let ms = 0; ms < histogram.length; ms++) {
    seen += histogram[ms] ?? 0;
    if (seen >= total * p) return ms;
  }
  return histogram.length - 1;
}

process.on('message', async (msg: { cmd?: string }) => {
  if (msg.cmd !== 'chat') return;
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  const sent = await chat();
  const cpu = process.cpuUsage(cpu0);
  let max = 0;
  for (let ms = 0; ms < histogram.length; ms++) if (histogram[ms]) max = ms;
  const result: Omit<LoadResult, 'opened' | 'failed' | 'rampMs'> = {
    sent,
    expected: sent * sampled,
    received,
    p50: percentile(0.5, received),
    p90: percentile(0.9, received),
    p99: percentile(0.99, received),
    max,
    loadCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / (Date.now() - t0)) * 100),
  };
  process.send?.({ done: result });
  for (const ws of sockets) ws.terminate();
  setTimeout(() => process.exit(0), 200);
});

const ramped = await ramp();
heartbeats();
process.send?.({ ramped });
