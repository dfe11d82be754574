import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

/** `YYYY-MM-DDTHH:MM` of a stored UTC timestamp: the same text on SQLite and PostgreSQL. */
const minuteText = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 16)`;

const perMinute = (rows: { minute: string; n: number | string | bigint }[]) =>
  new Map(rows.map((r) => [`${r.minute}:00.000Z`, Number(r.n)]));

/** The live room's facts per minute and in total, read for one event. */
export function createLiveFacts(db: Kysely<Database>) {
  return {
    /** Peak concurrent viewers per minute, as the room recorded them. */
    async concurrency(eventId: string) {
      const rows = await db
        .selectFrom('room_concurrency')
        .select(['minute', 'peak'])
        .where('event_id', '=', eventId)
        .orderBy('minute')
        .execute();
      return new Map(rows.map((r) => [r.minute, r.peak]));
    },

    /** The audience's chat messages per minute (the team's, and spam the screen blocked, are not activity). */
    async chat(eventId: string) {
      const minute = minuteText('created_at');
      return perMinute(
        await db
          .selectFrom('room_messages')
          .select((eb) => [minute.as('minute'), eb.fn.countAll().as('n')])
          .where('event_id', '=', eventId)
          .where('is_staff', '=', 0)
          .where('status', 'not in', ['blocked', 'rejected'])
          .groupBy(minute)
          .execute(),
      );
    },

    async questions(eventId: string) {
      const minute = minuteText('created_at');
      return perMinute(
        await db
          .selectFrom('room_questions')
          .select((eb) => [minute.as('minute'), eb.fn.countAll().as('n')])
          .where('event_id', '=', eventId)
          .groupBy(minute)
          .execute(),
      );
    },

    async pollAnswers(eventId: string) {
      const minute = minuteText('room_poll_answers.created_at');
      return perMinute(
        await db
          .selectFrom('room_poll_answers')
          .innerJoin('room_polls', 'room_polls.id', 'room_poll_answers.poll_id')
          .select((eb) => [minute.as('minute'), eb.fn.countAll().as('n')])
          .where('room_polls.event_id', '=', eventId)
          .groupBy(minute)
          .execute(),
      );
    },

    /** Offer interactions (click, form, download) with the offer each one names. */
    async offerInteractions(eventId: string) {
      const rows = await db
        .selectFrom('room_interactions')
        .select(['type', 'viewer_id', 'payload', 'at'])
        .where('event_id', '=', eventId)
        .where('type', 'in', ['offer_click', 'offer_form', 'offer_download'])
        .execute();
      return rows.map((r) => ({
        type: r.type as 'offer_click' | 'offer_form' | 'offer_download',
        viewerId: r.viewer_id,
        offerId: String((JSON.parse(r.payload) as { offerId?: unknown }).offerId ?? ''),
        minute: `${r.at.slice(0, 16)}:00.000Z`,
      }));
    },

    async topQuestions(eventId: string, limit: number) {
      return db
        .selectFrom('room_questions')
        .select(['id', 'body', 'display_name', 'upvotes', 'status', 'created_at'])
        .where('event_id', '=', eventId)
        .where('status', '!=', 'held')
        .orderBy('upvotes', 'desc')
        .orderBy('created_at')
        .limit(limit)
        .execute();
    },

    async questionVotes(eventId: string) {
      const row = await db
        .selectFrom('room_question_votes')
        .innerJoin('room_questions', 'room_questions.id', 'room_question_votes.question_id')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('room_questions.event_id', '=', eventId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async polls(eventId: string) {
      const polls = await db
        .selectFrom('room_polls')
        .select(['id', 'question', 'kind', 'status', 'options'])
        .where('event_id', '=', eventId)
        .where('status', '!=', 'draft')
        .orderBy('created_at')
        .execute();
      if (polls.length === 0) return [];
      const ids = polls.map((p) => p.id);
      const [choices, respondents] = await Promise.all([
        db
          .selectFrom('room_poll_choices')
          .select((eb) => ['poll_id', 'option_index', eb.fn.countAll().as('n')])
          .where('poll_id', 'in', ids)
          .groupBy(['poll_id', 'option_index'])
          .execute(),
        db
          .selectFrom('room_poll_answers')
          .select((eb) => ['poll_id', eb.fn.countAll().as('n')])
          .where('poll_id', 'in', ids)
          .groupBy('poll_id')
          .execute(),
      ]);
      return polls.map((p) => ({
        ...p,
        options: JSON.parse(p.options) as string[],
        votes: new Map(choices.filter((c) => c.poll_id === p.id).map((c) => [c.option_index, Number(c.n)])),
        respondents: Number(respondents.find((r) => r.poll_id === p.id)?.n ?? 0),
      }));
    },

    async offers(eventId: string) {
      return db
        .selectFrom('room_offers')
        .select(['id', 'title', 'status'])
        .where('event_id', '=', eventId)
        .where('status', '!=', 'draft')
        .orderBy('created_at')
        .execute();
    },

    async checkins(eventId: string) {
      const row = await db
        .selectFrom('room_checkins')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('event_id', '=', eventId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
export type LiveFacts = ReturnType<typeof createLiveFacts>;
