import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/audit.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import type { Actor } from '../../events/events.js';
import { t } from '../../i18n/index.js';
import { newId } from '../../ids.js';
import { isUniqueViolation } from '../../room/context.js';
import { ValidationFailed } from '../../validation.js';
import type { ChannelRow } from '../tables.js';
import { isChannelCode, newChannelCode } from './code.js';
import type { LinkTarget } from './link.js';
import type { ChannelInput, ChannelPatch, ChannelView } from './schemas.js';

export type Channels = ReturnType<typeof createChannels>;

const CODE_ATTEMPTS = 8;
/** How long a resolved code is reused by `/c/<code>`: a change shows within this. */
const RESOLVE_TTL_MS = 1000;
const RESOLVE_MAX = 10_000;

/** Whether a channel's link credits it now: always while active; archived, as the team chose. */
export const isAttributing = (c: Pick<ChannelRow, 'status' | 'keeps_attributing'>) =>
  c.status === 'active' || c.keeps_attributing === 1;

export function channelView(row: ChannelRow, baseUrl: string, ownerName: string | null): ChannelView {
  return {
    id: row.id,
    event_id: row.event_id,
    code: row.code,
    link: `${baseUrl}/c/${row.code}`,
    kind: row.kind,
    name: row.name,
    owner_id: row.owner_id,
    owner_name: ownerName,
    cost: row.cost_minor === null ? null : row.cost_minor / 100,
    currency: row.currency,
    notes: row.notes,
    status: row.status,
    attributing: isAttributing(row),
    keeps_attributing: row.keeps_attributing === 1,
    archived_at: row.archived_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

const ownerFailure = () =>
  new ValidationFailed((locale) => ({ owner_id: t(locale, 'promotion.error.owner') }));

export function createChannels(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  const resolved = new Map<string, { target: LinkTarget & { channelId?: string }; until: number }>();

  async function checkOwner(ownerId: string | null | undefined) {
    if (!ownerId) return;
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('id', '=', ownerId)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (!user) throw ownerFailure();
  }

  async function get(eventId: string, id: string): Promise<ChannelRow> {
    const row = await db
      .selectFrom('promotion_channels')
      .selectAll()
      .where('id', '=', id)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (!row) throw notFound('Channel');
    return row;
  }

  async function change(actor: Actor, row: ChannelRow, set: Partial<ChannelRow>, action: string) {
    const at = clock.now().toISOString();
    await db
      .updateTable('promotion_channels')
      .set({ ...set, updated_at: at })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(db, clock, {
      ...actor,
      action,
      targetType: 'promotion_channel',
      targetId: row.id,
      details: { event_id: row.event_id, ...set },
    });
    resolved.delete(row.code);
    return get(row.event_id, row.id);
  }

  return {
    get,

    /** An event's channels, oldest first; `status` filters. */
    list(eventId: string, status: 'active' | 'archived' | 'all' = 'all'): Promise<ChannelRow[]> {
      let q = db.selectFrom('promotion_channels').selectAll().where('event_id', '=', eventId);
      if (status !== 'all') q = q.where('status', '=', status);
      return q.orderBy('created_at').orderBy('id').execute();
    },

    /** Who can own a channel: the active team members, by name. */
    owners(): Promise<{ id: string; name: string }[]> {
      return db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('disabled_at', 'is', null)
        .orderBy('name')
        .orderBy('id')
        .execute();
    },

    /** Display names of team members by id (owners of channels). */
    async ownerNames(ids: (string | null)[]): Promise<Map<string, string>> {
      const wanted = [...new Set(ids.filter((x): x is string => !!x))];
      if (wanted.length === 0) return new Map();
      const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    /**
     * Adds a channel with a fresh random code; a collision with an existing code (one in
     * billions) is retried with another. Audit-logged.
     */
    async create(actor: Actor, eventId: string, input: ChannelInput): Promise<ChannelRow> {
      await checkOwner(input.owner_id);
      const at = clock.now().toISOString();
      const id = newId(Date.parse(at));
      for (let attempt = 1; ; attempt++) {
        const row: ChannelRow = {
          id,
          event_id: eventId,
          code: newChannelCode(),
          kind: input.kind,
          name: input.name,
          owner_id: input.owner_id,
          cost_minor: input.cost === null ? null : Math.round(input.cost * 100),
          currency: input.currency,
          notes: input.notes,
          status: 'active',
          keeps_attributing: 1,
          archived_at: null,
          created_by: actor.actorId,
          created_at: at,
          updated_at: at,
        };
        try {
          await db.insertInto('promotion_channels').values(row).execute();
        } catch (err) {
          if (isUniqueViolation(err) && attempt < CODE_ATTEMPTS) continue;
          throw err;
        }
        await recordAudit(db, clock, {
          ...actor,
          action: 'promotion.channel_created',
          targetType: 'promotion_channel',
          targetId: id,
          details: { event_id: eventId, code: row.code, kind: row.kind, name: row.name },
        });
        return row;
      }
    },

    async update(actor: Actor, eventId: string, id: string, patch: ChannelPatch): Promise<ChannelRow> {
      const row = await get(eventId, id);
      if (patch.owner_id !== undefined) await checkOwner(patch.owner_id);
      const costMinor =
        patch.cost === undefined ? row.cost_minor : patch.cost === null ? null : Math.round(patch.cost * 100);
      const currency = patch.currency === undefined ? row.currency : patch.currency;
      if (costMinor !== null && !currency)
        throw new ValidationFailed((locale) => ({
          currency: t(locale, 'promotion.error.currency_required'),
        }));
      const set: Partial<ChannelRow> = {};
      if (patch.kind !== undefined) set.kind = patch.kind;
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.owner_id !== undefined) set.owner_id = patch.owner_id;
      if (patch.notes !== undefined) set.notes = patch.notes;
      if (patch.cost !== undefined) set.cost_minor = costMinor;
      if (patch.currency !== undefined) set.currency = currency;
      return change(actor, row, set, 'promotion.channel_updated');
    },

    /** Archives a channel: its history stays; its link credits it further only if `keepsAttributing`. */
    async archive(actor: Actor, eventId: string, id: string, keepsAttributing: boolean) {
      const row = await get(eventId, id);
      return change(
        actor,
        row,
        {
          status: 'archived',
          keeps_attributing: keepsAttributing ? 1 : 0,
          archived_at: row.archived_at ?? clock.now().toISOString(),
        },
        'promotion.channel_archived',
      );
    },

    async restore(actor: Actor, eventId: string, id: string) {
      const row = await get(eventId, id);
      if (row.status === 'active') throw new AppError('INVALID_STATE', 'The channel is not archived');
      return change(
        actor,
        row,
        { status: 'active', keeps_attributing: 1, archived_at: null },
        'promotion.channel_restored',
      );
    },

    /**
     * What a channel link leads to: the channel and its public event, the event alone (the
     * channel stopped attributing), or nothing (unknown code, draft or deleted event). Reused
     * for a second per code, bounded, so a link shared in a big group costs one query a second.
     */
    async resolve(code: unknown): Promise<LinkTarget & { channelId?: string }> {
      if (!isChannelCode(code)) return { kind: 'unknown' };
      const now = Date.now();
      const hit = resolved.get(code);
      if (hit && hit.until > now) return hit.target;
      const row = await db
        .selectFrom('promotion_channels as c')
        .innerJoin('events as e', 'e.id', 'c.event_id')
        .select([
          'c.id',
          'c.code',
          'c.kind',
          'c.name',
          'c.status',
          'c.keeps_attributing',
          'e.slug',
          'e.status as event_status',
        ])
        .where('c.code', '=', code)
        .executeTakeFirst();
      const target: LinkTarget & { channelId?: string } =
        !row || row.event_status === 'draft'
          ? { kind: 'unknown' }
          : isAttributing(row)
            ? { kind: 'channel', slug: row.slug, channel: row, channelId: row.id }
            : { kind: 'event', slug: row.slug };
      if (resolved.size >= RESOLVE_MAX) resolved.clear();
      resolved.set(code, { target, until: now + RESOLVE_TTL_MS });
      return target;
    },
  };
}
