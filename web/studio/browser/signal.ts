import type { ParticipantView, RTCIceServerConfig, ServerSignalFrame } from '../../../src/studio/protocol.js';
import type { Scene, SceneChange } from '../../../src/studio/scene.js';

export type { ParticipantView, Scene, SceneChange };

type Handlers = {
  welcome(
    you: { id: string; role: 'host' | 'guest' },
    scene: Scene,
    participants: ParticipantView[],
    ice: RTCIceServerConfig[],
  ): void;
  participants(list: ParticipantView[]): void;
  scene(scene: Scene): void;
  signal(
    from: string,
    payload: { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit },
  ): void;
  error(message: string): void;
  /** The socket closed for good: revoked (4003) or replaced by another tab (4001). */
  closed(code: number): void;
  connection(open: boolean): void;
};

/**
 * The studio signalling socket (protocol v1, see src/studio/protocol.ts) with reconnects:
 * after a drop it reconnects with a growing delay (up to 5 s) unless the server closed it
 * for good.
 */
export class SignalClient {
  private ws: WebSocket | undefined;
  private delay = 500;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly on: Handlers,
  ) {}

  connect() {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.delay = 500;
      this.on.connection(true);
    };
    ws.onmessage = (e) => this.dispatch(JSON.parse(String(e.data)) as ServerSignalFrame);
    ws.onclose = (e) => {
      this.on.connection(false);
      if (e.code === 4001 || e.code === 4003) {
        this.stopped = true;
        this.on.closed(e.code);
      }
      if (this.stopped) return;
      setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(5000, this.delay * 2);
    };
  }

  private dispatch(f: ServerSignalFrame) {
    switch (f.type) {
      case 'welcome':
        return this.on.welcome(f.you, f.scene, f.participants, f.ice);
      case 'participants':
        return this.on.participants(f.participants);
      case 'scene':
        return this.on.scene(f.scene);
      case 'signal':
        return this.on.signal(f.from, {
          ...(f.description ? { description: f.description } : {}),
          ...(f.candidate ? { candidate: f.candidate as RTCIceCandidateInit } : {}),
        });
      case 'error':
        return this.on.error(f.error.message);
    }
  }

  private send(frame: Record<string, unknown>) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ v: 1, ...frame }));
  }

  signal(to: string, payload: { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit }) {
    this.send({ type: 'signal', to, ...payload });
  }

  scene(change: SceneChange) {
    this.send({ type: 'scene', change });
  }

  ready(camera: boolean, microphone: boolean) {
    this.send({ type: 'ready', camera, microphone });
  }

  close() {
    this.stopped = true;
    this.ws?.close();
  }
}

export const socketUrl = (path: string) =>
  `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
