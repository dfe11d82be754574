// What both benchmark servers report to the runner over IPC: memory after a full GC,
// CPU time used so far, and how many sockets they hold.
export interface ServerStats {
  rss: number;
  heapUsed: number;
  cpuMicros: number;
  connections: number;
}

type Gc = () => void;

export function answerStats(connections: () => number): void {
  process.on('message', (msg: { cmd?: string }) => {
    if (msg.cmd !== 'stats') return;
    (globalThis as { gc?: Gc }).gc?.();
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    const stats: ServerStats = { rss: mem.rss, heapUsed: mem.heapUsed, cpuMicros: cpu.user + cpu.system, connections: connections() };
    process.send?.({ stats });
  });
}
