import { z } from 'zod';
import { muteDurations } from '../moderation/mutes.js';
import { line, multiline, webUrl } from '../validation.js';

/**
 * The room's WebSocket protocol, version 1. Every frame is a JSON object with `v` and
 * `type`. Client frames may carry `ref`, echoed in the `ack` or `error` answering them.
 * Commands that create something carry a client-generated `id`, so a frame resent after
 * a reconnect is answered with the original result instead of creating a duplicate.
 */
export const PROTOCOL_VERSION = 1;
/** Largest frame a client may send; larger frames close the connection (1009). */
export const MAX_FRAME_BYTES = 4096;

// Messages are i18n keys (src/i18n/messages.ts); text is checked for control characters.
const id = line(64).min(1);
const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'field.client_id');
const text = (max: number) => line(max).min(1);
const body = (max: number) => multiline(max).min(1);

const viewerCommands = {
  'chat.send': { id: clientId, body: body(500) },
  'question.ask': { id: clientId, body: body(500) },
  'question.upvote': { questionId: id },
  'poll.answer': { pollId: id, choices: z.array(z.number().int().min(0).max(19)).min(1).max(20) },
  'offer.click': { offerId: id },
  'offer.form': {
    offerId: id,
    values: z.object({
      company: text(120),
      job_title: text(120),
      phone: line(40).optional(),
    }),
  },
  checkin: {},
  report: { messageId: id, reason: multiline(300).default('') },
  appeal: { body: body(1000) },
  heartbeat: { playing: z.boolean() },
} as const;

const hostCommands = {
  'chat.delete': { messageId: id },
  'chat.approve': { messageId: id },
  'chat.reject': { messageId: id },
  'chat.mode': { mode: z.enum(['open', 'hold', 'closed']) },
  announce: { text: multiline(300).nullable() },
  'viewer.mute': {
    viewerId: id,
    duration: z.enum(muteDurations),
    reason: multiline(300).default(''),
  },
  'viewer.unmute': { viewerId: id },
  'report.decide': { reportId: id, status: z.enum(['resolved', 'dismissed']) },
  'appeal.decide': { appealId: id, grant: z.boolean() },
  'question.answer': { questionId: id, answer: text(1000) },
  'question.pin': { questionId: id, pinned: z.boolean() },
  'question.dismiss': { questionId: id },
  'question.approve': { questionId: id },
  'poll.create': {
    question: text(300),
    kind: z.enum(['single', 'multiple']),
    options: z.array(text(120)).min(2).max(20),
  },
  'poll.open': { pollId: id },
  'poll.close': { pollId: id },
  'poll.results': { pollId: id, show: z.boolean() },
  'offer.create': {
    title: text(120),
    description: multiline(500).default(''),
    ctaLabel: text(40),
    url: webUrl(2000, { sitePaths: true }),
    requiresForm: z.boolean().default(false),
  },
  'offer.push': { offerId: id },
  'offer.withdraw': { offerId: id },
  'checkin.open': {},
  'checkin.close': {},
  'lottery.draw': {
    count: z.number().int().min(1).max(1000),
    pool: z.enum(['checked_in', 'all']),
    prize: text(120),
  },
} as const;

type Shape = Record<string, z.ZodType>;
const frame = <T extends string, S extends Shape>(type: T, shape: S) =>
  z.object({
    v: z.literal(PROTOCOL_VERSION),
    type: z.literal(type),
    ref: line(64).optional(),
    ...shape,
  });
const union = <M extends Record<string, Shape>>(map: M) =>
  Object.entries(map).map(([type, shape]) => frame(type, shape)) as unknown as [
    { [K in keyof M & string]: ReturnType<typeof frame<K, M[K]>> }[keyof M & string],
  ];

export const viewerCommandTypes = Object.keys(viewerCommands) as (keyof typeof viewerCommands)[];
export const hostCommandTypes = Object.keys(hostCommands) as (keyof typeof hostCommands)[];

export const viewerFrame = z.discriminatedUnion('type', union(viewerCommands));
export const hostFrame = z.discriminatedUnion('type', union(hostCommands));
export const clientFrame = z.discriminatedUnion('type', [...union(viewerCommands), ...union(hostCommands)]);

export type ViewerCommand = z.output<typeof viewerFrame>;
export type HostCommand = z.output<typeof hostFrame>;
export type ClientFrame = z.output<typeof clientFrame>;

export const isHostCommand = (type: string): type is HostCommand['type'] => type in hostCommands;

/** A host command sent over HTTP (POST …/room/actions): the same frames, `v` optional. */
export const hostActionBody = z.preprocess(
  (value) => (value && typeof value === 'object' ? { v: PROTOCOL_VERSION, ...value } : value),
  hostFrame,
);

/** Splits a raw frame into "what is it" for error messages before full validation. */
export function peekType(raw: unknown): { type?: string; ref?: string } {
  if (!raw || typeof raw !== 'object') return {};
  const { type, ref } = raw as { type?: unknown; ref?: unknown };
  return {
    type: typeof type === 'string' ? type : undefined,
    ref: typeof ref === 'string' ? ref : undefined,
  };
}
