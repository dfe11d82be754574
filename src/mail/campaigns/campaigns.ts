import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/accounts.js';
import { recordAudit } from '../../audit/audit.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { invalidState, notFound } from '../../errors.js';
import { auditActor } from '../../http/guard.js';
import { newId } from '../../ids.js';
import type { Audience } from '../audience.js';

export type CampaignRow = Database['mail_campaigns'];
export type Campaigns = ReturnType<typeof createCampaigns>;

/** One-off emails to an audience of an event: drafted, test-sent, then sent now or at a time. */
export function createCampaigns(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;

  const audit = (actor: Actor, action: string, row: CampaignRow, details?: Record<string, unknown>) =>
    recordAudit(db, clock, {
      ...auditActor(actor),
      action,
      targetType: 'event',
      targetId: row.event_id,
      details: { campaign: row.id, ...details },
    });

  async function get(eventId: string, id: string): Promise<CampaignRow> {
    const row = await db
      .selectFrom('mail_campaigns')
      .selectAll()
      .where('id', '=', id)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (!row) throw notFound('Campaign');
    return row;
  }

  async function setStatus(
    actor: Actor,
    row: CampaignRow,
    status: CampaignRow['status'],
    sendAt: string | null,
  ) {
    await db
      .updateTable('mail_campaigns')
      .set({ status, send_at: sendAt, updated_at: clock.now().toISOString() })
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .execute();
    await audit(actor, `mail.campaign_${status}`, row, { send_at: sendAt });
    return get(row.event_id, row.id);
  }

  return {
    get,

    list: (eventId: string) =>
      db
        .selectFrom('mail_campaigns')
        .selectAll()
        .where('event_id', '=', eventId)
        .orderBy('id', 'desc')
        .execute(),

    async create(actor: Actor, eventId: string, input: { name: string; audience: Audience }) {
      const now = clock.now().toISOString();
      const row: CampaignRow = {
        id: newId(),
        event_id: eventId,
        name: input.name,
        audience: JSON.stringify(input.audience),
        status: 'draft',
        send_at: null,
        created_by: auditActor(actor).actorId,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('mail_campaigns').values(row).execute();
      await audit(actor, 'mail.campaign_created', row);
      return row;
    },

    /** Sends it at `sendAt` (now when absent); a draft or a scheduled campaign can be (re)scheduled. */
    async schedule(actor: Actor, eventId: string, id: string, sendAt: Date | undefined) {
      const row = await get(eventId, id);
      if (row.status !== 'draft' && row.status !== 'scheduled')
        throw invalidState(`A ${row.status} campaign cannot be scheduled`);
      return setStatus(actor, row, 'scheduled', (sendAt ?? clock.now()).toISOString());
    },

    /** Stops it: not yet sent emails are not sent. */
    async cancel(actor: Actor, eventId: string, id: string) {
      const row = await get(eventId, id);
      if (row.status === 'cancelled') return row;
      return setStatus(actor, row, 'cancelled', row.send_at);
    },
  };
}
