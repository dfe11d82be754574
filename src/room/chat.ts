import { AppError, notFound } from '../errors.js';
import { auditHost, findActiveMute } from '../moderation/moderation.js';
import { bodyKey, screenChat } from '../moderation/screening.js';
import { type CommandContext, newRowId, nowIso, recordInteraction } from './context.js';
import { readState, writeState } from './state.js';
import type { ChatMode, MessageStatus } from './tables.js';
import { messageView, staffMessageView } from './views.js';

/** Refuses muted viewers with the mute's end, so the client can show "muted until …". */
export async function assertNotMuted(ctx: CommandContext): Promise<void> {
  if (ctx.viewer.actor) return;
  const mute = await findActiveMute(ctx.deps.db, ctx.viewer, ctx.deps.clock.now(), ctx.eventId);
  if (mute) {
    throw new AppError('FORBIDDEN', 'You are muted in this chat', {
      reason: 'muted',
      until: mute.until,
      muteId: mute.id,
    });
  }
}

/**
 * Posts a chat message. Idempotent per client message id: a resend after a reconnect
 * returns the first result. The message is written before it is acknowledged or shown.
 */
export async function sendChat(ctx: CommandContext, cmd: { id: string; body: string }) {
  const { db } = ctx.deps;
  const existing = await db
    .selectFrom('room_messages')
    .select(['id', 'status'])
    .where('event_id', '=', ctx.eventId)
    .where('viewer_id', '=', ctx.viewer.viewerId)
    .where('client_id', '=', cmd.id)
    .executeTakeFirst();
  if (existing) return { messageId: existing.id, status: existing.status, duplicate: true };

  const isStaff = ctx.viewer.actor !== null;
  const state = await readState(db, ctx.eventId);
  if (state.chatMode === 'closed' && !isStaff) {
    throw new AppError('INVALID_STATE', 'The chat is closed', { reason: 'chat_closed' });
  }
  await assertNotMuted(ctx);
  const key = bodyKey(cmd.body);
  const screened = isStaff ? { action: 'allow' as const } : await screenChat(ctx, cmd.body, key);
  const status: MessageStatus =
    screened.action === 'block'
      ? 'blocked'
      : screened.action === 'hold' || state.chatMode === 'hold'
        ? isStaff
          ? 'visible'
          : 'held'
        : 'visible';
  const row = {
    id: newRowId(ctx.deps),
    event_id: ctx.eventId,
    client_id: cmd.id,
    viewer_id: ctx.viewer.viewerId,
    registration_id: ctx.viewer.registrationId,
    display_name: ctx.viewer.displayName,
    is_staff: isStaff ? 1 : 0,
    body: cmd.body,
    status,
    filter_reason: screened.action === 'allow' ? (status === 'held' ? 'hold-mode' : null) : screened.reason,
    body_key: key,
    created_at: nowIso(ctx.deps),
  };
  await db.insertInto('room_messages').values(row).execute();
  if (status !== 'blocked') await recordInteraction(db, ctx, 'chat_message', { messageId: row.id, status });
  if (status === 'visible') {
    ctx.deps.publish({
      eventId: ctx.eventId,
      audience: 'all',
      event: { type: 'chat.message', message: messageView(row) },
      staffEvent: { type: 'chat.message', message: staffMessageView(row) },
    });
  } else {
    ctx.deps.publish({
      eventId: ctx.eventId,
      audience: 'staff',
      event: { type: `mod.${status}`, message: staffMessageView(row) },
    });
  }
  return { messageId: row.id, status };
}

async function moderateMessage(
  ctx: CommandContext,
  messageId: string,
  from: MessageStatus[],
  to: MessageStatus,
) {
  const { db } = ctx.deps;
  const row = await db
    .selectFrom('room_messages')
    .selectAll()
    .where('id', '=', messageId)
    .where('event_id', '=', ctx.eventId)
    .executeTakeFirst();
  if (!row) throw notFound('Message');
  if (!from.includes(row.status)) {
    throw new AppError('INVALID_STATE', `The message is ${row.status}`, { reason: `message_${row.status}` });
  }
  await db.updateTable('room_messages').set({ status: to }).where('id', '=', row.id).execute();
  await auditHost(ctx, `moderation.message.${to}`, {
    messageId: row.id,
    viewerId: row.viewer_id,
    from: row.status,
  });
  return { ...row, status: to };
}

export async function deleteMessage(ctx: CommandContext, cmd: { messageId: string }) {
  await moderateMessage(ctx, cmd.messageId, ['visible', 'held'], 'deleted');
  ctx.deps.publish({
    eventId: ctx.eventId,
    audience: 'all',
    event: { type: 'chat.removed', id: cmd.messageId },
  });
  return { messageId: cmd.messageId, status: 'deleted' };
}

export async function approveMessage(ctx: CommandContext, cmd: { messageId: string }) {
  const row = await moderateMessage(ctx, cmd.messageId, ['held'], 'visible');
  ctx.deps.publish({
    eventId: ctx.eventId,
    audience: 'all',
    event: { type: 'chat.message', message: messageView(row) },
    staffEvent: { type: 'chat.message', message: staffMessageView(row) },
  });
  return { messageId: row.id, status: row.status };
}

export async function rejectMessage(ctx: CommandContext, cmd: { messageId: string }) {
  await moderateMessage(ctx, cmd.messageId, ['held'], 'rejected');
  ctx.deps.publish({
    eventId: ctx.eventId,
    audience: 'staff',
    event: { type: 'chat.removed', id: cmd.messageId },
  });
  return { messageId: cmd.messageId, status: 'rejected' };
}

export async function setChatMode(ctx: CommandContext, cmd: { mode: ChatMode }) {
  await writeState(ctx.deps.db, ctx.eventId, nowIso(ctx.deps), { chatMode: cmd.mode });
  await auditHost(ctx, 'moderation.chat.mode', { mode: cmd.mode });
  ctx.deps.publish({ eventId: ctx.eventId, audience: 'all', event: { type: 'chat.mode', mode: cmd.mode } });
  return { mode: cmd.mode };
}

export async function announce(ctx: CommandContext, cmd: { text: string | null }) {
  const text = cmd.text || null;
  await writeState(ctx.deps.db, ctx.eventId, nowIso(ctx.deps), { announcement: text });
  ctx.deps.publish({ eventId: ctx.eventId, audience: 'all', event: { type: 'announcement', text } });
  return { text };
}
