import type { WebSocket } from 'ws';
import { t } from '../i18n/index.js';
import { TokenBucket } from '../room/rate-limit.js';
import { safeParseInput } from '../validation.js';
import {
  type GuestSignalFrame,
  guestSignalFrame,
  type HostSignalFrame,
  hostSignalFrame,
  type ParticipantView,
  type RTCIceServerConfig,
  type ServerSignalFrame,
  SIGNAL_VERSION,
} from './protocol.js';
import { applySceneChange, forgetParticipant, HOST_ID, initialScene, type Scene } from './scene.js';
import type { Guest, Studio } from './studio.js';

/** Close codes the pages understand. */
export const CLOSE = { replaced: 4001, revoked: 4003, tooFast: 4008 } as const;

interface Peer {
  id: string;
  role: 'host' | 'guest';
  ws: WebSocket;
  ready: boolean;
  camera: boolean;
  microphone: boolean;
  bucket: TokenBucket;
}

interface StudioRoom {
  eventId: string;
  scene: Scene;
  peers: Map<string, Peer>;
  guests: Guest[];
  speakers: Set<string>;
  hostName: string;
}

/** Signalling frames a socket may send: a burst of 200 (ICE candidates come in bursts), then 50 a second. */
const FRAME_BURST = 200;
const FRAMES_PER_SECOND = 50;

/**
 * The studio's signalling: one room per event in this process with the host's socket and
 * the guests' sockets. It keeps the scene (so a reloaded host page gets it back), tells
 * everyone who is present and ready, and relays WebRTC offers, answers and candidates
 * between the host and each guest — guests never signal one another, and media never
 * passes through the server.
 */
export class StudioHub {
  private readonly rooms = new Map<string, StudioRoom>();
  private readonly loading = new Map<string, Promise<StudioRoom>>();

  constructor(
    private readonly deps: {
      studio: Studio;
      ice: (participant: string) => RTCIceServerConfig[];
      log: { debug(details: Record<string, unknown>, message: string): void };
    },
  ) {
    deps.studio.onRevoked((eventId, guestId) => void this.revoked(eventId, guestId));
    deps.studio.onGuestsChanged((eventId) => void this.refresh(eventId));
  }

  private async room(eventId: string): Promise<StudioRoom> {
    const existing = this.rooms.get(eventId);
    if (existing) return existing;
    let pending = this.loading.get(eventId);
    if (!pending) {
      pending = (async () => {
        const room: StudioRoom = {
          eventId,
          scene: initialScene(),
          peers: new Map(),
          guests: await this.deps.studio.activeGuests(eventId),
          speakers: await this.deps.studio.speakerIds(eventId),
          hostName: '',
        };
        this.rooms.set(eventId, room);
        this.loading.delete(eventId);
        return room;
      })();
      this.loading.set(eventId, pending);
    }
    return pending;
  }

  /** The scene of an event's studio now (for tests and the page's first render). */
  async scene(eventId: string): Promise<Scene> {
    return (await this.room(eventId)).scene;
  }

  async join(
    eventId: string,
    ws: WebSocket,
    who: { role: 'host'; name: string } | { role: 'guest'; guest: Guest },
  ) {
    const room = await this.room(eventId);
    const id = who.role === 'host' ? HOST_ID : who.guest.id;
    if (who.role === 'host') room.hostName = who.name;
    // A second tab of the host, or a guest reconnecting before the old socket timed out, takes over.
    const old = room.peers.get(id);
    if (old) {
      room.peers.delete(id);
      old.ws.close(CLOSE.replaced, 'replaced');
    }
    const peer: Peer = {
      id,
      role: who.role,
      ws,
      ready: who.role === 'host',
      camera: false,
      microphone: false,
      bucket: new TokenBucket(FRAME_BURST, FRAMES_PER_SECOND, Date.now()),
    };
    room.peers.set(id, peer);
    ws.on('message', (data, isBinary) => this.onMessage(room, peer, data.toString(), isBinary));
    ws.on('close', () => {
      if (room.peers.get(id) !== peer) return;
      room.peers.delete(id);
      this.broadcastParticipants(room);
    });
    send(peer, {
      v: SIGNAL_VERSION,
      type: 'welcome',
      you: { id, role: who.role },
      scene: room.scene,
      participants: participants(room),
      ice: this.deps.ice(id),
    });
    this.broadcastParticipants(room, peer);
  }

  private onMessage(room: StudioRoom, peer: Peer, text: string, isBinary: boolean) {
    if (!peer.bucket.take(Date.now())) {
      peer.ws.close(CLOSE.tooFast, 'too many frames');
      return;
    }
    let raw: unknown;
    try {
      raw = isBinary ? undefined : JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const ref =
      typeof (raw as { ref?: unknown })?.ref === 'string'
        ? (raw as { ref: string }).ref.slice(0, 64)
        : undefined;
    const parsed = safeParseInput(peer.role === 'host' ? hostSignalFrame : guestSignalFrame, raw);
    if (!parsed.success) {
      const { fields } = parsed.error.details as { fields: Record<string, string> };
      return sendError(peer, ref, 'VALIDATION_FAILED', 'Not a valid studio frame', fields);
    }
    const frame = parsed.data as HostSignalFrame | GuestSignalFrame;
    switch (frame.type) {
      case 'ping':
        return send(peer, { v: SIGNAL_VERSION, type: 'pong', ...(ref ? { ref } : {}) });
      case 'ready':
        peer.ready = true;
        peer.camera = frame.camera;
        peer.microphone = frame.microphone;
        this.broadcastParticipants(room);
        return send(peer, { v: SIGNAL_VERSION, type: 'ack', ...(ref ? { ref } : {}) });
      case 'signal': {
        const target = room.peers.get(frame.to);
        if (!target || target === peer)
          return sendError(peer, ref, 'NOT_FOUND', t('en', 'studio.error.not_here'));
        send(target, {
          v: SIGNAL_VERSION,
          type: 'signal',
          from: peer.id,
          ...(frame.description ? { description: frame.description } : {}),
          ...(frame.candidate ? { candidate: frame.candidate } : {}),
        });
        return;
      }
      case 'scene': {
        const known = {
          participants: new Set([HOST_ID, ...room.guests.map((g) => g.id)]),
          speakers: room.speakers,
        };
        const out = applySceneChange(room.scene, frame.change, known);
        if ('refused' in out)
          return sendError(peer, ref, 'VALIDATION_FAILED', t('en', `studio.error.${out.refused}`));
        room.scene = out.scene;
        for (const p of room.peers.values()) send(p, { v: SIGNAL_VERSION, type: 'scene', scene: room.scene });
        return send(peer, { v: SIGNAL_VERSION, type: 'ack', ...(ref ? { ref } : {}) });
      }
    }
  }

  private broadcastParticipants(room: StudioRoom, except?: Peer) {
    const frame: ServerSignalFrame = {
      v: SIGNAL_VERSION,
      type: 'participants',
      participants: participants(room),
    };
    for (const p of room.peers.values()) if (p !== except) send(p, frame);
  }

  private async refresh(eventId: string) {
    const room = this.rooms.get(eventId);
    if (!room) return;
    room.guests = await this.deps.studio.activeGuests(eventId);
    room.speakers = await this.deps.studio.speakerIds(eventId);
    this.broadcastParticipants(room);
  }

  private async revoked(eventId: string, guestId: string) {
    const room = this.rooms.get(eventId);
    if (!room) return;
    room.peers.get(guestId)?.ws.close(CLOSE.revoked, 'revoked');
    room.peers.delete(guestId);
    room.scene = forgetParticipant(room.scene, guestId);
    await this.refresh(eventId);
    for (const p of room.peers.values()) send(p, { v: SIGNAL_VERSION, type: 'scene', scene: room.scene });
  }

  /** Closes every socket (server shutdown). */
  close() {
    for (const room of this.rooms.values())
      for (const p of room.peers.values()) p.ws.close(1001, 'server shutting down');
    this.rooms.clear();
  }
}

function participants(room: StudioRoom): ParticipantView[] {
  const host = room.peers.get(HOST_ID);
  return [
    {
      id: HOST_ID,
      role: 'host',
      name: room.hostName,
      title: '',
      speakerId: null,
      present: host !== undefined,
      ready: host !== undefined,
      camera: true,
      microphone: true,
    },
    ...room.guests.map((g) => {
      const peer = room.peers.get(g.id);
      return {
        id: g.id,
        role: 'guest' as const,
        name: g.name,
        title: [g.title, g.company].filter(Boolean).join(', '),
        speakerId: g.speakerId,
        present: peer !== undefined,
        ready: peer?.ready ?? false,
        camera: peer?.camera ?? false,
        microphone: peer?.microphone ?? false,
      };
    }),
  ];
}

function send(peer: Peer, frame: ServerSignalFrame) {
  if (peer.ws.readyState === 1) peer.ws.send(JSON.stringify(frame));
}

function sendError(
  peer: Peer,
  ref: string | undefined,
  code: string,
  message: string,
  details?: Record<string, string>,
) {
  send(peer, {
    v: SIGNAL_VERSION,
    type: 'error',
    ...(ref ? { ref } : {}),
    error: { code, message, ...(details ? { details } : {}) },
  });
}
