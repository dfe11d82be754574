import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import {
  type CommandContext,
  isUniqueViolation,
  newRowId,
  nowIso,
  type RoomDeps,
  recordInteraction,
} from './context.js';
import type { PollKind, PollStatus } from './tables.js';
import { pollView } from './views.js';

type Poll = Database['room_polls'];

/** Votes per option, in option order. */
export async function pollResults(db: Kysely<Database>, poll: Poll): Promise<number[]> {
  const rows = await db
    .selectFrom('room_poll_choices')
    .select(['option_index', (eb) => eb.fn.countAll().as('votes')])
    .where('poll_id', '=', poll.id)
    .groupBy('option_index')
    .execute();
  const results = (JSON.parse(poll.options) as string[]).map(() => 0);
  for (const r of rows) results[r.option_index] = Number(r.votes);
  return results;
}

/** Publishes a poll's current state: results to everyone when shown, always to staff. */
export async function publishPoll(deps: RoomDeps, poll: Poll): Promise<void> {
  const results = await pollResults(deps.db, poll);
  const visible = poll.status !== 'draft';
  deps.publish({
    eventId: poll.event_id,
    audience: visible ? 'all' : 'staff',
    event: { type: 'poll', poll: pollView(poll, poll.show_results === 1 ? results : null) },
    staffEvent: { type: 'poll', poll: pollView(poll, results) },
    key: `poll:${poll.id}`,
  });
}

async function getPoll(ctx: CommandContext, pollId: string) {
  const poll = await ctx.deps.db
    .selectFrom('room_polls')
    .selectAll()
    .where('id', '=', pollId)
    .where('event_id', '=', ctx.eventId)
    .executeTakeFirst();
  if (!poll || (poll.status === 'draft' && !ctx.viewer.canModerate)) throw notFound('Poll');
  return poll;
}

export async function createPoll(
  ctx: CommandContext,
  cmd: { question: string; kind: PollKind; options: string[] },
) {
  const poll: Poll = {
    id: newRowId(ctx.deps),
    event_id: ctx.eventId,
    question: cmd.question,
    kind: cmd.kind,
    options: JSON.stringify(cmd.options),
    status: 'draft',
    show_results: 0,
    created_at: nowIso(ctx.deps),
    opened_at: null,
    closed_at: null,
  };
  await ctx.deps.db.insertInto('room_polls').values(poll).execute();
  await publishPoll(ctx.deps, poll);
  return { pollId: poll.id };
}

async function movePoll(ctx: CommandContext, pollId: string, from: PollStatus, change: Partial<Poll>) {
  const poll = await getPoll(ctx, pollId);
  if (poll.status !== from)
    throw new AppError('INVALID_STATE', `The poll is ${poll.status}`, { reason: `poll_${poll.status}` });
  await ctx.deps.db.updateTable('room_polls').set(change).where('id', '=', poll.id).execute();
  const updated = { ...poll, ...change };
  await publishPoll(ctx.deps, updated);
  return { pollId: poll.id, status: updated.status };
}

export const openPoll = (ctx: CommandContext, cmd: { pollId: string }) =>
  movePoll(ctx, cmd.pollId, 'draft', { status: 'open', opened_at: nowIso(ctx.deps) });

export const closePoll = (ctx: CommandContext, cmd: { pollId: string }) =>
  movePoll(ctx, cmd.pollId, 'open', { status: 'closed', closed_at: nowIso(ctx.deps) });

export async function showResults(ctx: CommandContext, cmd: { pollId: string; show: boolean }) {
  const poll = await getPoll(ctx, cmd.pollId);
  const updated = { ...poll, show_results: cmd.show ? 1 : 0 };
  await ctx.deps.db
    .updateTable('room_polls')
    .set({ show_results: updated.show_results })
    .where('id', '=', poll.id)
    .execute();
  await publishPoll(ctx.deps, updated);
  return { pollId: poll.id, showResults: cmd.show };
}

/** Records a viewer's answer: once per viewer, only while the poll is open, valid option indexes only. */
export async function answerPoll(ctx: CommandContext, cmd: { pollId: string; choices: number[] }) {
  const poll = await getPoll(ctx, cmd.pollId);
  if (poll.status !== 'open')
    throw new AppError('INVALID_STATE', 'This poll is not open', { reason: `poll_${poll.status}` });
  const options = JSON.parse(poll.options) as string[];
  const choices = [...new Set(cmd.choices)].sort((a, b) => a - b);
  if (choices.some((c) => c >= options.length) || (poll.kind === 'single' && choices.length !== 1)) {
    throw new AppError('VALIDATION_FAILED', 'Some fields are invalid', {
      fields: {
        choices: poll.kind === 'single' ? 'Choose exactly one option' : 'Choose options of this poll',
      },
    });
  }
  const { db } = ctx.deps;
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('room_poll_answers')
        .values({
          poll_id: poll.id,
          viewer_id: ctx.viewer.viewerId,
          registration_id: ctx.viewer.registrationId,
          choices: JSON.stringify(choices),
          created_at: nowIso(ctx.deps),
        })
        .execute();
      await trx
        .insertInto('room_poll_choices')
        .values(
          choices.map((option_index) => ({ poll_id: poll.id, viewer_id: ctx.viewer.viewerId, option_index })),
        )
        .execute();
      await recordInteraction(trx, ctx, 'poll_answer', { pollId: poll.id, choices });
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', 'You already answered this poll', { reason: 'already_answered' });
    throw err;
  }
  ctx.deps.touchPoll(ctx.eventId, poll.id);
  return { pollId: poll.id, choices };
}

/** Recomputes and publishes a poll's results (the hub calls this for polls that got votes). */
export async function republishPoll(deps: RoomDeps, pollId: string): Promise<void> {
  const poll = await deps.db.selectFrom('room_polls').selectAll().where('id', '=', pollId).executeTakeFirst();
  if (poll) await publishPoll(deps, poll);
}
