import { z } from 'zod';
import { timestamp } from '../http/formats.js';

/**
 * Response schemas of the room's HTTP API (`config.doc.response`). The room's views are
 * shared with WebSocket protocol v1, so their fields keep the protocol's camelCase.
 */

const messageStatus = z.enum(['visible', 'held', 'deleted', 'blocked', 'rejected']);
const staffMessage = z.object({
  id: z.string(),
  cid: z.string(),
  name: z.string(),
  staff: z.boolean(),
  body: z.string(),
  at: timestamp,
  viewerId: z.string(),
  status: messageStatus,
  reason: z.string().nullable(),
});
const staffQuestion = z.object({
  id: z.string(),
  cid: z.string(),
  name: z.string(),
  body: z.string(),
  status: z.enum(['open', 'answered', 'dismissed']),
  pinned: z.boolean(),
  answer: z.string().nullable(),
  upvotes: z.number().int(),
  at: timestamp,
  viewerId: z.string(),
});
const poll = z.object({
  id: z.string(),
  question: z.string(),
  kind: z.enum(['single', 'multiple']),
  options: z.array(z.string()),
  status: z.enum(['draft', 'open', 'closed']),
  showResults: z.boolean(),
  results: z.array(z.number().int()).nullable().describe('Votes per option'),
});
const mute = z.object({
  id: z.string(),
  viewerId: z.string(),
  name: z.string(),
  duration: z.enum(['1d', '7d', '15d', 'permanent']),
  until: timestamp.nullable(),
  reason: z.string(),
  at: timestamp,
});

export const attendanceResponse = z.object({
  summary: z.object({
    viewers: z.number().int(),
    phone: z.number().int(),
    peakConcurrent: z.number().int(),
    liveSeconds: z.number(),
    replaySeconds: z.number(),
  }),
  viewers: z.array(
    z.object({
      viewerId: z.string(),
      registrationId: z.string().nullable(),
      name: z.string(),
      sessions: z.number().int(),
      firstJoinedAt: timestamp,
      lastLeftAt: timestamp.nullable(),
      liveSeconds: z.number(),
      replaySeconds: z.number(),
      device: z.enum(['phone', 'desktop']),
    }),
  ),
  peaks: z.array(z.object({ minute: z.string(), peak: z.number().int() })),
});

export const interactionsResponse = z.object({
  interactions: z.array(
    z.object({
      id: z.string(),
      type: z.enum([
        'chat_message',
        'question',
        'question_upvote',
        'poll_answer',
        'offer_click',
        'offer_form',
        'offer_download',
        'checkin',
      ]),
      registrationId: z.string().nullable(),
      viewerId: z.string(),
      payload: z.unknown().describe('What the viewer sent, by interaction type'),
      at: timestamp,
    }),
  ),
  next: z.string().optional().describe('Pass as `after` for the next page; absent on the last page'),
});

export const questionsResponse = z.object({ questions: z.array(staffQuestion) });
export const pollsResponse = z.object({ polls: z.array(poll) });
export const messagesResponse = z.object({ messages: z.array(staffMessage) });

export const moderationResponse = z.object({
  chatMode: z.enum(['open', 'hold', 'closed']),
  held: z.array(staffMessage),
  reports: z.array(
    z.object({
      id: z.string(),
      messageId: z.string(),
      body: z.string(),
      name: z.string(),
      viewerId: z.string(),
      reason: z.string(),
      at: timestamp,
    }),
  ),
  appeals: z.array(
    z.object({
      id: z.string(),
      muteId: z.string(),
      viewerId: z.string(),
      name: z.string(),
      body: z.string(),
      at: timestamp,
    }),
  ),
  mutes: z.array(mute),
});

export const auditResponse = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      action: z.string(),
      actorType: z.enum(['user', 'token', 'system', 'viewer']),
      actorId: z.string().nullable(),
      details: z.unknown().describe('What the action changed, by action'),
      at: timestamp,
    }),
  ),
});

export const lotteriesResponse = z.object({
  lotteries: z.array(
    z.object({
      id: z.string(),
      prize: z.string(),
      pool: z.enum(['checked_in', 'all']),
      count: z.number().int(),
      seed: z.string(),
      candidates: z.number().int(),
      candidatesDigest: z.string(),
      winners: z.array(z.object({ viewerId: z.string(), name: z.string() })),
      drawnBy: z.string().nullable(),
      at: timestamp,
    }),
  ),
});

const filterRule = z.object({
  pattern: z.string(),
  kind: z.enum(['keyword', 'regex']),
  action: z.enum(['block', 'hold']),
});
const teamFilter = filterRule.extend({ id: z.string(), created_by: z.string(), created_at: timestamp });
export const filtersResponse = z.object({ defaults: z.array(filterRule), team: z.array(teamFilter) });
export const filterResponse = z.object({ filter: teamFilter });
export const filterDeletedResponse = z.object({ deleted: z.string() });

export const actionResponse = z.object({
  result: z.unknown().describe("The command's result, as in the WebSocket `ack` frame"),
});
