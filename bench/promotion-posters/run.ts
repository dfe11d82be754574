// Invitation posters (issue 14): how long a first render takes, what the cache saves, and
// whether memory stays flat over many distinct posters (the cache is bounded by bytes).
// In-process: the poster service with its real renderer (satori + sharp, the shipped fonts)
// and the real bounded LRU; the event and registrations are generated here (no database:
// the render, not the two row reads, is what costs).
//
//   node --expose-gc --import tsx bench/promotion-posters/run.ts [distinct posters, default 10000]
import { performance } from 'node:perf_hooks';
import QRCode from 'qrcode';
import type { EventRow } from '../../src/events/events.js';
import { createPosters } from '../../src/promotion/posters/posters.js';
import type { RegistrationRow } from '../../src/registration/registrations.js';

const distinct = Number(process.argv[2] ?? 10_000);
const CACHE_BYTES = 16 * 1024 * 1024;

const event = {
  id: 'bench-event',
  slug: 'bench',
  title: '从 0 到 1：B2B 直播获客实战 — From 0 to 1, B2B webinars that produce pipeline',
  language: 'zh-CN',
  timezone: 'Asia/Shanghai',
  starts_at: '2030-12-10T06:00:00.000Z',
  ends_at: '2030-12-10T07:30:00.000Z',
  cover_file_id: null,
  updated_at: '2030-01-01T00:00:00.000Z',
} as unknown as EventRow;
const speakers = [
  { name: '李雷', title: 'CMO', company: '示例科技' },
  { name: 'Han Meimei', title: 'VP Marketing', company: 'Acme' },
];
const names = ['王小明', 'Zhang San', '韩梅梅 Meimei 🎉', 'Anna-Lena Müller', '欧阳娜娜 Nana'];
const registration = (i: number) =>
  ({
    id: `reg-${i}`,
    event_id: event.id,
    name: `${names[i % names.length]} ${i}`,
    join_token: `t${i}`,
  }) as RegistrationRow;

const posters = createPosters({
  events: { getEventDetail: async () => ({ speakers }) as never },
  files: { open: async () => Promise.reject(new Error('no cover')) },
  referrals: { codeFor: async (r) => `code${r.id}`.padEnd(14, 'x') },
  baseUrl: 'https://webinars.example.com',
  maxBytes: CACHE_BYTES,
});

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (x: number) => `${(x / 1024 / 1024).toFixed(0)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

async function time(f: () => Promise<unknown>) {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

const coldest = await time(() => posters.poster(event, registration(0), 'story'));
const firsts: number[] = [];
const hits: number[] = [];
const qrs: number[] = [];
for (let i = 1; i <= 40; i++) {
  firsts.push(await time(() => posters.poster(event, registration(i), i % 2 ? 'story' : 'square')));
  hits.push(await time(() => posters.poster(event, registration(i), i % 2 ? 'story' : 'square')));
  qrs.push(await time(() => QRCode.toString(`https://webinars.example.com/i/code${i}`, { type: 'svg' })));
}

const samples: { n: number; rss: number; heap: number; entries: number; cached: number }[] = [];
for (let i = 0; i < distinct; i++) {
  await posters.poster(event, registration(1000 + i), 'story');
  if ((i + 1) % Math.max(1, Math.floor(distinct / 10)) === 0) {
    gc?.();
    const m = process.memoryUsage();
    const s = posters.stats();
    samples.push({ n: i + 1, rss: m.rss, heap: m.heapUsed, entries: s.entries, cached: s.bytes });
  }
}

console.log(`# Invitation posters — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}\n`);
console.log('| measure | p50 | p95 |');
console.log('| --- | --- | --- |');
console.log(`| very first render (parses the fonts once per process) | ${ms(coldest)} | — |`);
console.log(
  `| first render of a poster (40 distinct, story and square) | ${ms(pct(firsts, 50))} | ${ms(pct(firsts, 95))} |`,
);
console.log(`| same poster again (cache hit) | ${ms(pct(hits, 50))} | ${ms(pct(hits, 95))} |`);
console.log(`| baseline: the QR code alone (qrcode → SVG) | ${ms(pct(qrs, 50))} | ${ms(pct(qrs, 95))} |`);
console.log(`\nMemory over ${distinct} distinct posters (cache bound ${mb(CACHE_BYTES)}, after GC):\n`);
console.log('| posters rendered | RSS | JS heap | cached posters | cached bytes |');
console.log('| --- | --- | --- | --- | --- |');
for (const s of samples)
  console.log(`| ${s.n} | ${mb(s.rss)} | ${mb(s.heap)} | ${s.entries} | ${mb(s.cached)} |`);
