import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runningChildren, Supervisor } from './supervisor.js';

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('process supervisor', () => {
  it('logs the exit code and stderr tail of a crash, then restarts the process', async () => {
    const warnings: Record<string, unknown>[] = [];
    let starts = 0;
    const supervisor = new Supervisor({
      name: 'test',
      command: 'sh',
      args: ['-c', 'echo first line >&2; echo boom >&2; exit 3'],
      log: { info: () => {}, warn: (d) => warnings.push(d) },
      onStart: () => {
        starts++;
      },
      restartDelayMs: 10,
    });
    supervisor.start();
    await until(() => starts >= 3);
    await supervisor.stop();
    assert.equal(warnings[0]?.code, 3);
    assert.equal(warnings[0]?.stderr, 'first line\nboom');
    assert.ok(supervisor.restarts >= 2);
    const after = starts;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(starts, after, 'no restart after stop');
  });

  it('stops a child that ignores stdin with SIGKILL after the grace period', async () => {
    const supervisor = new Supervisor({
      name: 'stubborn',
      command: 'sh',
      args: ['-c', 'trap "" TERM; exec sleep 30'],
      log: { info: () => {}, warn: () => {} },
      onStart: () => {},
    });
    supervisor.start();
    const pid = supervisor.pid;
    assert.ok(pid && runningChildren().includes(pid));
    await supervisor.stop(200);
    assert.equal(runningChildren().includes(pid), false);
    assert.throws(() => process.kill(pid, 0));
  });
});
