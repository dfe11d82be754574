import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { findActiveMute, muteView } from '../moderation/moderation.js';
import type { Viewer } from './context.js';
import { pollResults } from './polls.js';
import { readState } from './state.js';
import {
  messageView,
  offerView,
  pollView,
  questionView,
  staffMessageView,
  staffOfferView,
  staffQuestionView,
} from './views.js';

/** How many recent chat messages a (re)connecting client receives. */
export const RECENT_MESSAGES = 50;

async function recentMessages(
  db: Kysely<Database>,
  eventId: string,
  status: 'visible' | 'held',
  limit: number,
) {
  const rows = await db
    .selectFrom('room_messages')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('status', '=', status)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/**
 * Everything a client needs to draw the room, as viewers see it. Sent in `welcome` on
 * every (re)connect; the client merges by id, so nothing shows twice.
 */
export async function viewerSnapshot(db: Kysely<Database>, eventId: string) {
  const [state, messages, questions, polls, offers] = await Promise.all([
    readState(db, eventId),
    recentMessages(db, eventId, 'visible', RECENT_MESSAGES),
    db
      .selectFrom('room_questions')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('status', 'not in', ['dismissed', 'held'])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('room_polls')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('status', '!=', 'draft')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('room_offers')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('status', '=', 'live')
      .orderBy('id')
      .execute(),
  ]);
  return {
    ...state,
    messages: messages.map(messageView),
    questions: questions.map(questionView),
    polls: await Promise.all(
      polls.map(async (p) => pollView(p, p.show_results === 1 ? await pollResults(db, p) : null)),
    ),
    offers: offers.map(offerView),
  };
}

/** What this viewer did already (so buttons show "voted", "checked in") and whether they are muted. */
export async function personalState(db: Kysely<Database>, eventId: string, viewer: Viewer, now: Date) {
  const [mute, answers, votes, checkin, own] = await Promise.all([
    findActiveMute(db, viewer, now, eventId),
    db
      .selectFrom('room_poll_answers')
      .innerJoin('room_polls', 'room_polls.id', 'room_poll_answers.poll_id')
      .select(['room_poll_answers.poll_id', 'room_poll_answers.choices'])
      .where('room_polls.event_id', '=', eventId)
      .where('room_poll_answers.viewer_id', '=', viewer.viewerId)
      .execute(),
    db
      .selectFrom('room_question_votes')
      .innerJoin('room_questions', 'room_questions.id', 'room_question_votes.question_id')
      .select('room_question_votes.question_id')
      .where('room_questions.event_id', '=', eventId)
      .where('room_question_votes.viewer_id', '=', viewer.viewerId)
      .execute(),
    db
      .selectFrom('room_checkins')
      .select('viewer_id')
      .where('event_id', '=', eventId)
      .where('viewer_id', '=', viewer.viewerId)
      .executeTakeFirst(),
    // Among the recent messages in the welcome, which are this viewer's (no Report link on them).
    db
      .selectFrom('room_messages')
      .select('id')
      .where('event_id', '=', eventId)
      .where('viewer_id', '=', viewer.viewerId)
      .where('status', '=', 'visible')
      .orderBy('id', 'desc')
      .limit(RECENT_MESSAGES)
      .execute(),
  ]);
  return {
    muted: mute ? { muteId: mute.id, until: mute.until, duration: mute.duration, reason: mute.reason } : null,
    pollAnswers: Object.fromEntries(answers.map((a) => [a.poll_id, JSON.parse(a.choices) as number[]])),
    upvoted: votes.map((v) => v.question_id),
    checkedIn: checkin !== undefined,
    ownMessages: own.map((m) => m.id),
  };
}

/** The host's view: every poll and offer with results and URLs, plus the moderation queues. */
export async function staffSnapshot(db: Kysely<Database>, eventId: string, now: Date) {
  const [state, messages, held, questions, polls, offers, reports, appeals, mutes] = await Promise.all([
    readState(db, eventId),
    recentMessages(db, eventId, 'visible', RECENT_MESSAGES),
    recentMessages(db, eventId, 'held', 200),
    db.selectFrom('room_questions').selectAll().where('event_id', '=', eventId).orderBy('id').execute(),
    db.selectFrom('room_polls').selectAll().where('event_id', '=', eventId).orderBy('id').execute(),
    db.selectFrom('room_offers').selectAll().where('event_id', '=', eventId).orderBy('id').execute(),
    db
      .selectFrom('moderation_reports')
      .innerJoin('room_messages', 'room_messages.id', 'moderation_reports.message_id')
      .select([
        'moderation_reports.id',
        'moderation_reports.message_id as messageId',
        'room_messages.body',
        'room_messages.display_name as name',
        'room_messages.viewer_id as viewerId',
        'moderation_reports.reason',
        'moderation_reports.created_at as at',
      ])
      .where('moderation_reports.event_id', '=', eventId)
      .where('moderation_reports.status', '=', 'open')
      .execute(),
    db
      .selectFrom('moderation_appeals')
      .innerJoin('moderation_mutes', 'moderation_mutes.id', 'moderation_appeals.mute_id')
      .select([
        'moderation_appeals.id',
        'moderation_appeals.mute_id as muteId',
        'moderation_appeals.viewer_id as viewerId',
        'moderation_mutes.display_name as name',
        'moderation_appeals.body',
        'moderation_appeals.created_at as at',
      ])
      .where('moderation_appeals.event_id', '=', eventId)
      .where('moderation_appeals.status', '=', 'open')
      .execute(),
    db
      .selectFrom('moderation_mutes')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('lifted_at', 'is', null)
      .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now.toISOString())]))
      .execute(),
  ]);
  return {
    ...state,
    messages: messages.map(staffMessageView),
    held: held.map(staffMessageView),
    questions: questions.map(staffQuestionView),
    polls: await Promise.all(polls.map(async (p) => pollView(p, await pollResults(db, p)))),
    offers: offers.map(staffOfferView),
    reports,
    appeals,
    mutes: mutes.map(muteView),
  };
}
