import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

export interface SupervisorLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export interface SupervisorOptions {
  name: string;
  command: string;
  args: string[];
  log: SupervisorLog;
  /** Called with every new child (first start and each restart), e.g. to write its input preamble. */
  onStart(child: ChildProcessWithoutNullStreams): void;
  restartDelayMs?: number;
  stderrTailLines?: number;
}

/** Every child any supervisor started and has not yet seen exit: killed if Node exits regardless. */
const running = new Set<ChildProcessWithoutNullStreams>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export const runningChildren = (): number[] => [...running].map((c) => c.pid ?? -1);

/**
 * Keeps one child process running: an unexpected exit is logged with its exit code and
 * the tail of its stderr, then the child is started again after a short delay
 * (growing up to 5 s while it keeps failing). `stop()` asks it to finish (closes stdin,
 * which lets ffmpeg finalise its playlists) and kills it if it does not.
 */
export class Supervisor {
  private child: ChildProcessWithoutNullStreams | undefined;
  private stopping = false;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private tail: string[] = [];
  restarts = 0;

  constructor(private readonly opts: SupervisorOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get current(): ChildProcessWithoutNullStreams | undefined {
    return this.child;
  }

  start(): void {
    if (this.stopping) return;
    const child = spawn(this.opts.command, this.opts.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    running.add(child);
    const startedAt = Date.now();
    this.tail = [];
    child.stdout.resume();
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.tail.push(...text.split('\n').filter(Boolean));
      this.tail = this.tail.slice(-(this.opts.stderrTailLines ?? 20));
    });
    child.stdin.on('error', () => {}); // EPIPE when the child dies mid-write; the exit handler reports it
    child.on('error', (err) =>
      this.opts.log.warn({ process: this.opts.name, err: err.message }, 'could not start process'),
    );
    child.on('close', (code, signal) => {
      running.delete(child);
      if (this.child === child) this.child = undefined;
      if (this.stopping) return;
      this.failures = Date.now() - startedAt > 10_000 ? 1 : this.failures + 1;
      const delay = Math.min(5000, (this.opts.restartDelayMs ?? 250) * 2 ** (this.failures - 1));
      this.opts.log.warn(
        { process: this.opts.name, code, signal, stderr: this.tail.join('\n'), restartInMs: delay },
        'media process exited unexpectedly; restarting',
      );
      this.restarts += 1;
      this.restartTimer = setTimeout(() => this.start(), delay);
    });
    this.opts.onStart(child);
  }

  /** Finishes the child gracefully (stdin closed), SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
