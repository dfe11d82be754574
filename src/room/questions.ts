import type { Database } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { auditHost } from '../moderation/moderation.js';
import { screenText } from '../moderation/screening.js';
import { assertNotMuted } from './chat.js';
import { type CommandContext, isUniqueViolation, newRowId, nowIso, recordInteraction } from './context.js';
import { questionView, staffQuestionView } from './views.js';

/** Held questions (and held ones dismissed) stay with the team: viewers never saw them. */
function publishQuestion(ctx: CommandContext, q: Database['room_questions'], wasHeld = false) {
  ctx.deps.publish({
    eventId: ctx.eventId,
    audience: q.status === 'held' || wasHeld ? 'staff' : 'all',
    event: { type: 'question', question: questionView(q) },
    staffEvent: { type: 'question', question: staffQuestionView(q) },
    key: `question:${q.id}`,
  });
}

async function getQuestion(ctx: CommandContext, questionId: string) {
  const q = await ctx.deps.db
    .selectFrom('room_questions')
    .selectAll()
    .where('id', '=', questionId)
    .where('event_id', '=', ctx.eventId)
    .executeTakeFirst();
  if (!q || ((q.status === 'dismissed' || q.status === 'held') && !ctx.viewer.canModerate))
    throw notFound('Question');
  return q;
}

/**
 * Asks a question (idempotent per client id). Screened like chat: blocked content is
 * refused, held content waits for a host (`question.approve` or `question.dismiss`).
 */
export async function ask(ctx: CommandContext, cmd: { id: string; body: string }) {
  const { db } = ctx.deps;
  const existing = await db
    .selectFrom('room_questions')
    .select(['id', 'status'])
    .where('event_id', '=', ctx.eventId)
    .where('viewer_id', '=', ctx.viewer.viewerId)
    .where('client_id', '=', cmd.id)
    .executeTakeFirst();
  if (existing) return { questionId: existing.id, status: existing.status, duplicate: true };
  await assertNotMuted(ctx);
  const isStaff = ctx.viewer.actor !== null;
  const screened = isStaff ? { action: 'allow' as const } : await screenText(db, ctx.eventId, cmd.body);
  if (screened.action === 'block') {
    throw new AppError('FORBIDDEN', 'This question was blocked by the chat filter', { reason: 'filtered' });
  }
  const row = {
    id: newRowId(ctx.deps),
    event_id: ctx.eventId,
    client_id: cmd.id,
    viewer_id: ctx.viewer.viewerId,
    registration_id: ctx.viewer.registrationId,
    display_name: ctx.viewer.displayName,
    body: cmd.body,
    status: screened.action === 'hold' ? ('held' as const) : ('open' as const),
    pinned: 0,
    answer: null,
    answered_at: null,
    upvotes: 0,
    created_at: nowIso(ctx.deps),
  };
  await db.insertInto('room_questions').values(row).execute();
  await recordInteraction(db, ctx, 'question', { questionId: row.id, status: row.status });
  publishQuestion(ctx, row);
  return { questionId: row.id, status: row.status };
}

export async function upvote(ctx: CommandContext, cmd: { questionId: string }) {
  const { db } = ctx.deps;
  const q = await getQuestion(ctx, cmd.questionId);
  try {
    await db
      .insertInto('room_question_votes')
      .values({ question_id: q.id, viewer_id: ctx.viewer.viewerId, created_at: nowIso(ctx.deps) })
      .execute();
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', 'You already upvoted this question', { reason: 'already_voted' });
    throw err;
  }
  await db
    .updateTable('room_questions')
    .set((eb) => ({ upvotes: eb('upvotes', '+', 1) }))
    .where('id', '=', q.id)
    .execute();
  await recordInteraction(db, ctx, 'question_upvote', { questionId: q.id });
  publishQuestion(ctx, await getQuestion(ctx, q.id));
  return { questionId: q.id };
}

async function updateQuestion(
  ctx: CommandContext,
  questionId: string,
  change: Partial<Database['room_questions']>,
) {
  const q = await getQuestion(ctx, questionId);
  await ctx.deps.db.updateTable('room_questions').set(change).where('id', '=', q.id).execute();
  const updated = { ...q, ...change };
  publishQuestion(ctx, updated, q.status === 'held' && updated.status === 'dismissed');
  return { questionId: q.id, status: updated.status };
}

/** A host lets a held question through: it becomes open and everyone sees it. */
export async function approveQuestion(ctx: CommandContext, cmd: { questionId: string }) {
  const q = await getQuestion(ctx, cmd.questionId);
  if (q.status !== 'held')
    throw new AppError('INVALID_STATE', `The question is ${q.status}`, { reason: `question_${q.status}` });
  await auditHost(ctx, 'moderation.question.approved', { questionId: q.id, viewerId: q.viewer_id });
  return updateQuestion(ctx, q.id, { status: 'open' });
}

export const answerQuestion = (ctx: CommandContext, cmd: { questionId: string; answer: string }) =>
  updateQuestion(ctx, cmd.questionId, {
    status: 'answered',
    answer: cmd.answer,
    answered_at: nowIso(ctx.deps),
  });

export const pinQuestion = (ctx: CommandContext, cmd: { questionId: string; pinned: boolean }) =>
  updateQuestion(ctx, cmd.questionId, { pinned: cmd.pinned ? 1 : 0 });

export const dismissQuestion = (ctx: CommandContext, cmd: { questionId: string }) =>
  updateQuestion(ctx, cmd.questionId, { status: 'dismissed', pinned: 0 });
