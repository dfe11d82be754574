// What both benchmark servers report to the runner over IPC: memory after a full GC,
// CPU time used so far, how many sockets they hold, and how long their event loop was
// blocked since the previous report (their own stalls, apart from waiting for a core).
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ServerStats {
  rss: number;
  heapUsed: number;
  cpuMicros: number;
  connections: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

type Gc = () => void;

export function answerStats(connections: () => number): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  process.on('message', (msg: { cmd?: string }) => {
    if (msg.cmd !== 'stats') return;
    const loopDelayP99Ms = Math.round(delay.percentile(99) / 1e6);
    const loopDelayMaxMs = Math.round(delay.max / 1e6);
    (globalThis as { gc?: Gc }).gc?.();
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    process.send?.({
      stats: {
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        cpuMicros: cpu.user + cpu.system,
        connections: connections(),
        loopDelayP99Ms,
        loopDelayMaxMs,
      },
    });
    delay.reset();
  });
}
