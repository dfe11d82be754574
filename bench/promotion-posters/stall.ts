// How long a poster render holds the request thread: sharp rasterises on libuv's thread pool,
// but satori's layout runs on the event loop. Event-loop delay over 60 first renders (story
// and square alternating) after one warm-up render.
//
//   node --import tsx bench/promotion-posters/stall.ts
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type PosterInput, renderPoster } from '../../src/promotion/posters/poster.js';

const input = (i: number): PosterInput => ({
  locale: 'zh-CN',
  title: '从 0 到 1：B2B 直播获客实战 — From 0 to 1, B2B webinars that produce pipeline',
  when: '2030年12月10日 星期二 14:00–15:30（中国标准时间）',
  speakers: [
    { name: '李雷', title: 'CMO', company: '示例科技' },
    { name: 'Han Meimei', title: 'VP Marketing', company: 'Acme' },
  ],
  inviter: `韩梅梅 Meimei 🎉 ${i}`,
  link: `https://webinars.example.com/i/code${i}`.padEnd(44, 'x'),
});

await renderPoster(input(0), 'story');
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
for (let i = 1; i <= 60; i++) await renderPoster(input(i), i % 2 ? 'story' : 'square');
delay.disable();
const ms = (ns: number) => `${(ns / 1e6).toFixed(1)} ms`;
console.log(
  `event-loop delay over 60 renders: p50 ${ms(delay.percentile(50))}, p99 ${ms(delay.percentile(99))}, max ${ms(delay.max)}`,
);
