import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';
import { auditHost } from '../moderation/moderation.js';
import { type CommandContext, isUniqueViolation, newRowId, nowIso, recordInteraction } from './context.js';
import { candidatesDigest, drawWinners } from './lottery.js';
import { readState, writeState } from './state.js';
import type { LotteryPool } from './tables.js';

export async function setCheckin(ctx: CommandContext, open: boolean) {
  await writeState(ctx.deps.db, ctx.eventId, nowIso(ctx.deps), { checkinOpen: open });
  await auditHost(ctx, open ? 'room.checkin.open' : 'room.checkin.close', {});
  ctx.deps.publish({ eventId: ctx.eventId, audience: 'all', event: { type: 'checkin', open } });
  return { open };
}

/** 签到: once per viewer, only while the host has the window open. */
export async function checkIn(ctx: CommandContext) {
  const { db } = ctx.deps;
  if (!(await readState(db, ctx.eventId)).checkinOpen) {
    throw new AppError('INVALID_STATE', 'Check-in is closed', { reason: 'checkin_closed' });
  }
  try {
    await db
      .insertInto('room_checkins')
      .values({
        event_id: ctx.eventId,
        viewer_id: ctx.viewer.viewerId,
        registration_id: ctx.viewer.registrationId,
        display_name: ctx.viewer.displayName,
        created_at: nowIso(ctx.deps),
      })
      .execute();
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', 'You have already checked in', { reason: 'already_checked_in' });
    throw err;
  }
  await recordInteraction(db, ctx, 'checkin', {});
  return { checkedIn: true };
}

/** Viewer id → display name of everyone in the pool (checked in, or everyone who attended). */
async function candidates(ctx: CommandContext, pool: LotteryPool): Promise<Map<string, string>> {
  const { db } = ctx.deps;
  const rows =
    pool === 'checked_in'
      ? await db
          .selectFrom('room_checkins')
          .select(['viewer_id', 'display_name'])
          .where('event_id', '=', ctx.eventId)
          .execute()
      : await db
          .selectFrom('room_attendance')
          .select(['viewer_id', 'display_name'])
          .where('event_id', '=', ctx.eventId)
          .where('viewer_id', 'not like', 'user:%')
          .execute();
  return new Map(rows.map((r) => [r.viewer_id, r.display_name]));
}

/**
 * 抽奖: draws `count` distinct winners with a fresh random seed that is recorded (with
 * a digest of the pool) in the draw and the audit log, so the draw can be re-run.
 */
export async function drawLottery(
  ctx: CommandContext,
  cmd: { count: number; pool: LotteryPool; prize: string },
) {
  const pool = await candidates(ctx, cmd.pool);
  if (pool.size === 0)
    throw new AppError('INVALID_STATE', 'Nobody is in the draw yet', { reason: 'no_candidates' });
  const seed = randomBytes(16).toString('hex');
  const ids = [...pool.keys()];
  const winnerIds = drawWinners(ids, cmd.count, seed);
  const winners = winnerIds.map((viewerId) => ({ viewerId, name: pool.get(viewerId) ?? '' }));
  const row = {
    id: newRowId(ctx.deps),
    event_id: ctx.eventId,
    prize: cmd.prize,
    pool: cmd.pool,
    winners_count: cmd.count,
    seed,
    candidates_count: ids.length,
    candidates_digest: candidatesDigest(ids),
    winners: JSON.stringify(winners),
    drawn_by: ctx.viewer.viewerId,
    created_at: nowIso(ctx.deps),
  };
  await ctx.deps.db.insertInto('room_lotteries').values(row).execute();
  await auditHost(ctx, 'room.lottery.draw', {
    lotteryId: row.id,
    seed,
    pool: cmd.pool,
    candidates: ids.length,
    candidatesDigest: row.candidates_digest,
    winners: winnerIds,
  });
  const names = winners.map((w) => w.name);
  ctx.deps.publish({
    eventId: ctx.eventId,
    audience: 'all',
    event: { type: 'lottery', id: row.id, prize: cmd.prize, winners: names },
  });
  for (const w of winners) {
    ctx.deps.publish({
      eventId: ctx.eventId,
      audience: { viewerId: w.viewerId },
      event: { type: 'you.won', prize: cmd.prize, lotteryId: row.id },
    });
  }
  return { lotteryId: row.id, seed, winners };
}
