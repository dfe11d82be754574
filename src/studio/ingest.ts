import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { WebSocket } from 'ws';
import type { IngestSession, PublisherConnection } from '../live/ingest.js';
import { FlvReader } from './flv-reader.js';
import { isH264, remuxArgs } from './remux-args.js';

/** Remux children still running: killed if Node exits regardless (ffmpeg also exits on stdin EOF). */
const running = new Set<ChildProcessWithoutNullStreams>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
export const runningRemuxers = (): number[] => [...running].map((c) => c.pid ?? -1);

/** Close codes of the ingest socket the host page understands. */
export const INGEST_CLOSE = { refused: 4009, ended: 4010, failed: 4011 } as const;

/**
 * The host browser's programme arriving on the ingest WebSocket: MediaRecorder chunks
 * (WebM/Matroska) go to an ffmpeg that remuxes them to FLV (H.264 copied, Opus → AAC),
 * and each FLV tag goes to the event's ingest session — the same session an RTMP encoder
 * feeds, so preview, go live, HTTP-FLV, health, recording and replay are unchanged.
 *
 * A MediaRecorder stream cannot be resumed in the middle, so if ffmpeg fails the socket is
 * closed and the page reconnects with a fresh recorder: to the session that is one more
 * encoder reconnect, which the live playlist continues through.
 */
export class StudioPublisher implements PublisherConnection {
  private child: ChildProcessWithoutNullStreams | undefined;
  private session: IngestSession | undefined;
  private closed = false;
  private stderr: string[] = [];

  constructor(
    private readonly ws: WebSocket,
    readonly remoteAddress: string,
    private readonly log: { warn(details: Record<string, unknown>, message: string): void },
  ) {}

  /** Starts ffmpeg and pipes the socket's binary messages through it into `session`. */
  start(session: IngestSession, opts: { ffmpeg: string; mimeType: string; fps: number; videoKbps: number }) {
    this.session = session;
    const child = spawn(
      opts.ffmpeg,
      remuxArgs({ copyVideo: isH264(opts.mimeType), fps: opts.fps, videoKbps: opts.videoKbps }),
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.child = child;
    running.add(child);
    const reader = new FlvReader();
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        for (const tag of reader.push(chunk)) session.media(tag.kind, tag.timestamp, tag.payload);
      } catch (err) {
        this.fail(`remuxer output: ${(err as Error).message}`);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.stderr = [...this.stderr, ...text.split('\n').filter(Boolean)].slice(-20);
    });
    child.stdin.on('error', () => {}); // EPIPE when ffmpeg dies mid-write; 'close' reports it
    child.on('error', (err) => this.fail(`could not start ffmpeg: ${err.message}`));
    child.on('close', (code, signal) => {
      running.delete(child);
      if (!this.closed) this.fail(`remuxer exited (${code ?? signal})`);
    });
    // MediaRecorder chunks; when ffmpeg's stdin is full, stop reading the socket (TCP pushes back on the browser).
    this.ws.on('message', (data, isBinary) => {
      if (!isBinary || this.closed) return;
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (!child.stdin.write(chunk)) {
        this.ws.pause();
        child.stdin.once('drain', () => this.ws.resume());
      }
    });
    this.ws.on('close', () => this.finish('studio disconnected'));
    this.ws.on('error', () => this.finish('studio socket error'));
  }

  private fail(reason: string) {
    if (this.closed) return;
    this.log.warn({ reason, stderr: this.stderr.join('\n') }, 'studio ingest failed');
    this.close(reason, INGEST_CLOSE.failed);
  }

  /** The socket went away: the session ends (as when an encoder disconnects). */
  private finish(reason: string) {
    if (this.closed) return;
    this.closed = true;
    this.stopChild();
    this.session?.end(reason);
  }

  /** PublisherConnection: the live side ends the session (End, ingest switched, replaced, shutdown). */
  close(reason: string, code: number = INGEST_CLOSE.ended) {
    if (!this.closed) {
      this.closed = true;
      this.stopChild();
      this.session?.end(reason);
    }
    if (this.ws.readyState === 1 || this.ws.readyState === 0) this.ws.close(code, reason.slice(0, 120));
  }

  private stopChild() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, 2000).unref();
  }
}
