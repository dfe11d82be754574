import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, makeClip, run, startServer, waitFor } from './support.js';

/**
 * Segment serving throughput on loopback: LeadCast's media route against Debian's nginx
 * (sendfile, one worker — LeadCast serves from one Node thread) serving the very same
 * HLS files from the same directory, alternating runs of wrk (one thread, C: the client
 * must not be the bottleneck on a 2-core machine) in the same session.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const clip = path.join(os.tmpdir(), 'leadcast-bench-720p.flv');
await makeClip(clip);
const server = await startServer();

// The same files the live packager writes: 1 s segments of a 720p 3 Mbit/s stream.
const liveDir = path.join(server.dataDir, 'media', server.mediaPath, 'live');
fs.mkdirSync(liveDir, { recursive: true });
await run('ffmpeg', [
  '-hide_banner',
  '-loglevel',
  'error',
  '-i',
  clip,
  '-c',
  'copy',
  '-f',
  'hls',
  '-hls_time',
  '1',
  '-hls_list_size',
  '0',
  '-hls_segment_filename',
  path.join(liveDir, 's%d.ts'),
  path.join(liveDir, 'index.m3u8'),
]);
for (const dir of [
  path.join(server.dataDir, 'media'),
  path.join(server.dataDir, 'media', server.mediaPath),
  liveDir,
])
  fs.chmodSync(dir, 0o755);
const segments = fs.readdirSync(liveDir).filter((f) => f.endsWith('.ts'));
const avgBytes =
  segments.reduce((sum, f) => sum + fs.statSync(path.join(liveDir, f)).size, 0) / segments.length;

async function startNginx(): Promise<{ base: string; proc: ChildProcess; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-nginx-'));
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  types { video/mp2t ts; application/vnd.apple.mpegurl m3u8; }
  server {
    listen 127.0.0.1:${port};
    root ${server.dataDir};
    location /media/ { add_header Cache-Control "public, max-age=31536000, immutable"; }
  }
}
`,
  );
  const proc = spawn('/usr/sbin/nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    'nginx',
    async () => (await fetch(`${base}/media/${server.mediaPath}/live/s0.ts`).catch(() => undefined))?.ok,
    10_000,
  );
  return { base, proc, dir };
}

/** A wrk script cycling through `files` of the live directory. */
function wrkScript(name: string, files: string[]): string {
  const file = path.join(server.dataDir, `${name}.lua`);
  fs.writeFileSync(
    file,
    `local paths = { ${files.map((f) => `"/media/${server.mediaPath}/live/${f}"`).join(', ')} }
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
response = function(status)
  if status ~= 200 then error("HTTP " .. status) end
end
`,
  );
  return file;
}
const scenarios = {
  segments: wrkScript('segments', segments),
  playlist: wrkScript('playlist', ['index.m3u8']),
};

const unit = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 } as Record<string, number>;

async function load(base: string, seconds: number, script: string) {
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      'wrk',
      ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-s', script, base],
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    ),
  );
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const [, amount = '0', scale = 'B'] = /Transfer\/sec:\s+([\d.]+)(\w+)/.exec(out) ?? [];
  const p99 = /\s99%\s+([\d.]+)(\w+)/.exec(out);
  const p99ms = p99 ? Number(p99[1]) * (p99[2] === 's' ? 1000 : p99[2] === 'us' ? 0.001 : 1) : Number.NaN;
  if (/Non-2xx/.test(out) || !rps) throw new Error(`${base}: bad run\n${out}`);
  return { rps, mbps: (Number(amount) * (unit[scale] ?? 1) * 8) / 1e6, p99: p99ms };
}

const nginx = await startNginx();
try {
  const targets = { nginx: nginx.base, leadcast: server.base };
  console.log(
    `${segments.length} segments, average ${(avgBytes / 1024).toFixed(0)} KiB; wrk 1 thread, ${CONNECTIONS} connections, 2 × ${SECONDS} s per server and file kind`,
  );
  console.log('| files | server | requests/s | Mbit/s | p99 latency (ms) | vs nginx (requests/s) |');
  console.log('|---|---|---|---|---|---|');
  for (const [kind, script] of Object.entries(scenarios)) {
    await load(nginx.base, 2, script); // warm-up: page cache, JIT
    await load(server.base, 2, script);
    const runs: Record<string, { rps: number; mbps: number; p99: number }[]> = { nginx: [], leadcast: [] };
    for (let round = 0; round < 2; round++) {
      for (const [name, base] of Object.entries(targets)) runs[name]?.push(await load(base, SECONDS, script));
    }
    const mean = (name: string, key: 'rps' | 'mbps' | 'p99') => {
      const list = runs[name] ?? [];
      return list.reduce((sum, r) => sum + r[key], 0) / list.length;
    };
    for (const name of ['nginx', 'leadcast']) {
      console.log(
        `| ${kind} | ${name} | ${mean(name, 'rps').toFixed(0)} | ${mean(name, 'mbps').toFixed(0)} | ${mean(name, 'p99').toFixed(1)} | ${((mean(name, 'rps') / mean('nginx', 'rps')) * 100).toFixed(0)} % |`,
      );
    }
  }
} finally {
  nginx.proc.kill('SIGTERM');
  await server.stop();
  fs.rmSync(nginx.dir, { recursive: true, force: true });
}
