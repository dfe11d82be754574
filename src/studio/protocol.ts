import { z } from 'zod';
import { line } from '../validation.js';
import { corners, layouts } from './layout.js';
import type { Scene } from './scene.js';

/**
 * The studio's signalling WebSocket protocol, version 1 (modelled on the room's): JSON
 * frames with `v` and `type`, validated with zod; a frame that does not parse is answered
 * with an `error` frame and changes nothing. It carries WebRTC offers, answers and ICE
 * candidates between the host's browser and each guest (media never passes through the
 * server), and the host's scene changes, which the server keeps and hands to everyone.
 */
export const SIGNAL_VERSION = 1;
/** An SDP offer with several tracks is a few kilobytes; 64 KB leaves room and bounds memory. */
export const MAX_SIGNAL_FRAME_BYTES = 64 * 1024;

const participantId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'field.participant_id');
const speakerId = line(64).min(1);

const description = z.object({
  type: z.enum(['offer', 'answer']),
  sdp: z.string().min(1).max(60_000),
});
const candidate = z.object({
  candidate: z.string().max(2000),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});

export const sceneChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('layout'), layout: z.enum(layouts) }),
  z.object({ kind: z.literal('corner'), corner: z.enum(corners) }),
  z.object({ kind: z.literal('lower_third'), speakerId: speakerId.nullable() }),
  z.object({ kind: z.literal('bring_on'), participantId }),
  z.object({ kind: z.literal('take_off'), participantId }),
  z.object({ kind: z.literal('feature'), participantId }),
  z.object({ kind: z.literal('mute'), participantId, muted: z.boolean() }),
  z.object({ kind: z.literal('screen_audio'), on: z.boolean() }),
]);

const base = { v: z.literal(SIGNAL_VERSION), ref: line(64).optional() };

/** Offer/answer/candidate to one peer: exactly one of description or candidate. */
const signal = z
  .object({ ...base, type: z.literal('signal'), to: participantId, description, candidate })
  .partial({ description: true, candidate: true })
  .refine((f) => (f.description === undefined) !== (f.candidate === undefined), {
    message: 'field.signal_payload',
    path: ['description'],
  });

/** Frames the host's browser may send. */
export const hostSignalFrame = z.union([
  signal,
  z.object({ ...base, type: z.literal('scene'), change: sceneChange }),
  z.object({ ...base, type: z.literal('ping') }),
]);

/** Frames a guest's browser may send: readiness after the device check, signals to the host only. */
export const guestSignalFrame = z.union([
  signal.refine((f) => f.to === 'host', { message: 'field.signal_to_host', path: ['to'] }),
  z.object({
    ...base,
    type: z.literal('ready'),
    camera: z.boolean(),
    microphone: z.boolean(),
  }),
  z.object({ ...base, type: z.literal('ping') }),
]);

export type HostSignalFrame = z.output<typeof hostSignalFrame>;
export type GuestSignalFrame = z.output<typeof guestSignalFrame>;
export type SceneChangeInput = z.output<typeof sceneChange>;

/** What everyone in the studio knows about a participant. */
export interface ParticipantView {
  id: string;
  role: 'host' | 'guest';
  name: string;
  title: string;
  speakerId: string | null;
  /** Connected to the signalling socket now. */
  present: boolean;
  /** Finished the device check (guests); the host is ready once connected. */
  ready: boolean;
  camera: boolean;
  microphone: boolean;
}

/** Frames the server sends. */
export type ServerSignalFrame =
  | {
      v: 1;
      type: 'welcome';
      you: { id: string; role: 'host' | 'guest' };
      scene: Scene;
      participants: ParticipantView[];
      ice: RTCIceServerConfig[];
    }
  | { v: 1; type: 'participants'; participants: ParticipantView[] }
  | { v: 1; type: 'scene'; scene: Scene }
  | {
      v: 1;
      type: 'signal';
      from: string;
      description?: z.output<typeof description>;
      candidate?: z.output<typeof candidate>;
    }
  | { v: 1; type: 'pong'; ref?: string }
  | { v: 1; type: 'ack'; ref?: string }
  | {
      v: 1;
      type: 'error';
      ref?: string;
      error: { code: string; message: string; details?: Record<string, string> };
    };

/** STUN/TURN servers as RTCPeerConnection takes them. */
export interface RTCIceServerConfig {
  urls: string[];
  username?: string;
  credential?: string;
}

/** Field-level details of a refused frame, in the API's error shape. */
export function frameErrors(error: z.ZodError): Record<string, string> {
  const details: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    details[key] ??= issue.message;
  }
  return details;
}
