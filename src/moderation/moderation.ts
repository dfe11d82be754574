import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import type { Database } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { auditActor } from '../http/guard.js';
import { type CommandContext, isUniqueViolation, newRowId, nowIso, type Viewer } from '../room/context.js';
import { type FilterRule, ruleProblem } from './filters.js';
import { isMuteActive, muteUntil } from './mutes.js';
import type { MuteDuration } from './tables.js';

/** Records a host's moderation or room action in the audit log, against the event. */
export async function auditHost(ctx: CommandContext, action: string, details: Record<string, unknown>) {
  if (!ctx.viewer.actor) throw new Error('auditHost needs a staff actor');
  await recordAudit(ctx.deps.db, ctx.deps.clock, {
    ...auditActor(ctx.viewer.actor),
    action,
    targetType: 'event',
    targetId: ctx.eventId,
    details,
  });
}

type Mute = Database['moderation_mutes'];

/**
 * The mute in force for this viewer, longest first: by viewer id, by contact across events
 * (registered viewers), or, for anonymous viewers in this event, by client key — so a new
 * `anon_…` id after clearing storage is still muted.
 */
export async function findActiveMute(
  db: Kysely<Database>,
  viewer: Pick<Viewer, 'viewerId' | 'contactId'> & { clientKey?: string | null },
  now: Date,
  eventId?: string,
) {
  const rows = await db
    .selectFrom('moderation_mutes')
    .selectAll()
    .where('lifted_at', 'is', null)
    .where((eb) => {
      const who = [eb('viewer_id', '=', viewer.viewerId)];
      if (viewer.contactId) who.push(eb('contact_id', '=', viewer.contactId));
      if (viewer.clientKey && eventId)
        who.push(eb.and([eb('event_id', '=', eventId), eb('client_key', '=', viewer.clientKey)]));
      return eb.or(who);
    })
    .execute();
  const active = rows.filter((m) => isMuteActive(m, now));
  return active.sort((a, b) =>
    a.until === null ? -1 : b.until === null ? 1 : b.until.localeCompare(a.until),
  )[0];
}

export const muteView = (m: Mute) => ({
  id: m.id,
  viewerId: m.viewer_id,
  name: m.display_name,
  duration: m.duration,
  until: m.until,
  reason: m.reason,
  at: m.created_at,
});

/** Who a viewer id in this event is: their registration, or the name (and client key) they were last seen with. */
async function identify(db: Kysely<Database>, eventId: string, viewerId: string) {
  const registration = await db
    .selectFrom('registrations')
    .select(['name', 'contact_id'])
    .where('id', '=', viewerId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (registration) return { name: registration.name, contactId: registration.contact_id, clientKey: null };
  const seen = await db
    .selectFrom('room_attendance')
    .select(['display_name', 'client_key'])
    .where('event_id', '=', eventId)
    .where('viewer_id', '=', viewerId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (seen && !viewerId.startsWith('user:'))
    return { name: seen.display_name, contactId: null, clientKey: seen.client_key };
  throw notFound('Viewer');
}

export async function mute(
  ctx: CommandContext,
  cmd: { viewerId: string; duration: MuteDuration; reason: string },
) {
  const { db, clock } = ctx.deps;
  const who = await identify(db, ctx.eventId, cmd.viewerId);
  const row: Mute = {
    id: newRowId(ctx.deps),
    event_id: ctx.eventId,
    viewer_id: cmd.viewerId,
    contact_id: who.contactId,
    display_name: who.name,
    duration: cmd.duration,
    until: muteUntil(cmd.duration, clock.now()),
    reason: cmd.reason,
    created_by: ctx.viewer.viewerId,
    created_at: nowIso(ctx.deps),
    lifted_at: null,
    lifted_by: null,
    client_key: who.clientKey,
  };
  await db.insertInto('moderation_mutes').values(row).execute();
  await auditHost(ctx, 'moderation.mute', {
    muteId: row.id,
    viewerId: cmd.viewerId,
    duration: cmd.duration,
    until: row.until,
  });
  const mutedEvent = {
    type: 'you.muted',
    muteId: row.id,
    duration: row.duration,
    until: row.until,
    reason: row.reason,
  };
  ctx.deps.publish({ eventId: ctx.eventId, audience: { viewerId: cmd.viewerId }, event: mutedEvent });
  ctx.deps.publish({
    eventId: ctx.eventId,
    audience: 'staff',
    event: { type: 'mod.muted', mute: muteView(row) },
  });
  return { muteId: row.id, until: row.until };
}

/** Lifts every mute in force for a viewer (and their contact, or their client key in this event). */
export async function unmute(ctx: CommandContext, cmd: { viewerId: string }, via = 'moderation.unmute') {
  const { db } = ctx.deps;
  const registration = await db
    .selectFrom('registrations')
    .select('contact_id')
    .where('id', '=', cmd.viewerId)
    .executeTakeFirst();
  const seen = registration
    ? undefined
    : await db
        .selectFrom('room_attendance')
        .select('client_key')
        .where('event_id', '=', ctx.eventId)
        .where('viewer_id', '=', cmd.viewerId)
        .orderBy('id', 'desc')
        .executeTakeFirst();
  const who = {
    viewerId: cmd.viewerId,
    contactId: registration?.contact_id ?? null,
    clientKey: seen?.client_key ?? null,
  };
  const active = await findActiveMute(db, who, ctx.deps.clock.now(), ctx.eventId);
  if (!active) throw new AppError('INVALID_STATE', 'This viewer is not muted', { reason: 'not_muted' });
  const now = nowIso(ctx.deps);
  await db
    .updateTable('moderation_mutes')
    .set({ lifted_at: now, lifted_by: ctx.viewer.viewerId })
    .where('lifted_at', 'is', null)
    .where((eb) => {
      const match = [eb('viewer_id', '=', cmd.viewerId), eb('id', '=', active.id)];
      if (who.contactId) match.push(eb('contact_id', '=', who.contactId));
      if (who.clientKey)
        match.push(eb.and([eb('event_id', '=', ctx.eventId), eb('client_key', '=', who.clientKey)]));
      return eb.or(match);
    })
    .execute();
  await auditHost(ctx, via, { viewerId: cmd.viewerId });
  ctx.deps.publish({
    eventId: ctx.eventId,
    audience: { viewerId: cmd.viewerId },
    event: { type: 'you.unmuted' },
  });
  ctx.deps.publish({
    eventId: ctx.eventId,
    audience: 'staff',
    event: { type: 'mod.unmuted', viewerId: cmd.viewerId },
  });
  return { viewerId: cmd.viewerId };
}

export async function report(ctx: CommandContext, cmd: { messageId: string; reason: string }) {
  const { db } = ctx.deps;
  const message = await db
    .selectFrom('room_messages')
    .select(['id', 'body', 'display_name', 'viewer_id'])
    .where('id', '=', cmd.messageId)
    .where('event_id', '=', ctx.eventId)
    .where('status', '=', 'visible')
    .executeTakeFirst();
  if (!message) throw notFound('Message');
  if (message.viewer_id === ctx.viewer.viewerId)
    throw new AppError('INVALID_STATE', 'You cannot report your own message', { reason: 'own_message' });
  const row = {
    id: newRowId(ctx.deps),
    event_id: ctx.eventId,
    message_id: message.id,
    reporter_viewer_id: ctx.viewer.viewerId,
    reason: cmd.reason,
    status: 'open' as const,
    created_at: nowIso(ctx.deps),
    decided_by: null,
    decided_at: null,
  };
  try {
    await db.insertInto('moderation_reports').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', 'You already reported this message', { reason: 'already_reported' });
    throw err;
  }
  const view = {
    id: row.id,
    messageId: message.id,
    body: message.body,
    name: message.display_name,
    reason: row.reason,
    at: row.created_at,
  };
  ctx.deps.publish({ eventId: ctx.eventId, audience: 'staff', event: { type: 'mod.report', report: view } });
  return { reportId: row.id };
}

export async function decideReport(
  ctx: CommandContext,
  cmd: { reportId: string; status: 'resolved' | 'dismissed' },
) {
  const result = await ctx.deps.db
    .updateTable('moderation_reports')
    .set({ status: cmd.status, decided_by: ctx.viewer.viewerId, decided_at: nowIso(ctx.deps) })
    .where('id', '=', cmd.reportId)
    .where('event_id', '=', ctx.eventId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('Open report');
  await auditHost(ctx, `moderation.report.${cmd.status}`, { reportId: cmd.reportId });
  ctx.deps.publish({
    eventId: ctx.eventId,
    audience: 'staff',
    event: { type: 'mod.report.closed', reportId: cmd.reportId },
  });
  return { reportId: cmd.reportId, status: cmd.status };
}

export async function appeal(ctx: CommandContext, cmd: { body: string }) {
  const { db, clock } = ctx.deps;
  const active = await findActiveMute(db, ctx.viewer, clock.now(), ctx.eventId);
  if (!active) throw new AppError('INVALID_STATE', 'You are not muted', { reason: 'not_muted' });
  const open = await db
    .selectFrom('moderation_appeals')
    .select('id')
    .where('mute_id', '=', active.id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (open)
    throw new AppError('CONFLICT', 'Your appeal is already waiting for review', { reason: 'appeal_pending' });
  const row = {
    id: newRowId(ctx.deps),
    event_id: ctx.eventId,
    mute_id: active.id,
    viewer_id: ctx.viewer.viewerId,
    body: cmd.body,
    status: 'open' as const,
    created_at: nowIso(ctx.deps),
    decided_by: null,
    decided_at: null,
  };
  await db.insertInto('moderation_appeals').values(row).execute();
  const view = {
    id: row.id,
    muteId: active.id,
    viewerId: row.viewer_id,
    name: active.display_name,
    body: row.body,
    at: row.created_at,
  };
  ctx.deps.publish({ eventId: ctx.eventId, audience: 'staff', event: { type: 'mod.appeal', appeal: view } });
  return { appealId: row.id };
}

export async function decideAppeal(ctx: CommandContext, cmd: { appealId: string; grant: boolean }) {
  const { db } = ctx.deps;
  const row = await db
    .selectFrom('moderation_appeals')
    .selectAll()
    .where('id', '=', cmd.appealId)
    .where('event_id', '=', ctx.eventId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (!row) throw notFound('Open appeal');
  const status = cmd.grant ? 'granted' : 'denied';
  await db
    .updateTable('moderation_appeals')
    .set({ status, decided_by: ctx.viewer.viewerId, decided_at: nowIso(ctx.deps) })
    .where('id', '=', row.id)
    .execute();
  await auditHost(ctx, `moderation.appeal.${status}`, { appealId: row.id, muteId: row.mute_id });
  if (cmd.grant) await unmute(ctx, { viewerId: row.viewer_id }, 'moderation.unmute.appeal');
  ctx.deps.publish({
    eventId: ctx.eventId,
    audience: { viewerId: row.viewer_id },
    event: { type: 'you.appeal', status },
  });
  ctx.deps.publish({
    eventId: ctx.eventId,
    audience: 'staff',
    event: { type: 'mod.appeal.closed', appealId: row.id },
  });
  return { appealId: row.id, status };
}

/** The team's own filter rules. */
export async function teamRules(db: Kysely<Database>): Promise<FilterRule[]> {
  return db.selectFrom('moderation_filters').select(['pattern', 'kind', 'action']).execute();
}

export async function addFilter(
  db: Kysely<Database>,
  rule: FilterRule,
  createdBy: string,
  now: Date,
  id: string,
) {
  const problem = ruleProblem(rule);
  if (problem)
    throw new AppError('VALIDATION_FAILED', 'Some fields are invalid', { fields: { pattern: problem } });
  const row = { id, ...rule, created_by: createdBy, created_at: now.toISOString() };
  await db.insertInto('moderation_filters').values(row).execute();
  return row;
}
