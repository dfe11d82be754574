import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/accounts.js';
import { recordAudit } from '../../audit/audit.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { auditActor } from '../../http/guard.js';
import { newSecretToken } from '../../ids.js';

export type Suppression = ReturnType<typeof createSuppression>;
export type SuppressionReason = Database['mail_suppressions']['reason'];

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * Who must not get an email: contacts who unsubscribed (per contact, from marketing email)
 * and suppressed addresses (hard bounces, complaints, the team's manual list: nothing from
 * the plan or campaigns). Bounces and complaints come in through `suppress` — the adapter a
 * bounce webhook or a mailbox parser calls (docs/ARCHITECTURE.md).
 */
export function createSuppression(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;

  async function add(email: string, reason: SuppressionReason, note: string, createdBy: string | null) {
    await db
      .insertInto('mail_suppressions')
      .values({
        email: normaliseEmail(email),
        reason,
        note,
        created_by: createdBy,
        created_at: clock.now().toISOString(),
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
  }

  return {
    /** The adapter entry for bounces and complaints (no actor: the relay told us). */
    suppress: (email: string, reason: SuppressionReason, note: string) => add(email, reason, note, null),

    async addManual(actor: Actor, email: string, note: string) {
      const who = auditActor(actor);
      const existing = await db
        .selectFrom('mail_suppressions')
        .select('email')
        .where('email', '=', normaliseEmail(email))
        .executeTakeFirst();
      if (existing) throw new AppError('CONFLICT', 'This address is already suppressed');
      await add(email, 'manual', note, who.actorId);
      await recordAudit(db, clock, {
        ...who,
        action: 'mail.suppression_added',
        targetType: 'email',
        targetId: normaliseEmail(email),
      });
    },

    async remove(actor: Actor, email: string) {
      const result = await db
        .deleteFrom('mail_suppressions')
        .where('email', '=', normaliseEmail(email))
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw notFound('Suppressed address');
      await recordAudit(db, clock, {
        ...auditActor(actor),
        action: 'mail.suppression_removed',
        targetType: 'email',
        targetId: normaliseEmail(email),
      });
    },

    async list(query: { page: number; page_size: number }) {
      const total = await db
        .selectFrom('mail_suppressions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      const rows = await db
        .selectFrom('mail_suppressions')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('email')
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
        .execute();
      return { rows, total: Number(total?.n ?? 0) };
    },

    /** Suppressed addresses among `emails` (lower-cased), with the reason. */
    async suppressedAmong(emails: string[]): Promise<Map<string, SuppressionReason>> {
      if (emails.length === 0) return new Map();
      const rows = await db
        .selectFrom('mail_suppressions')
        .select(['email', 'reason'])
        .where('email', 'in', [...new Set(emails.map(normaliseEmail))])
        .execute();
      return new Map(rows.map((r) => [r.email, r.reason]));
    },

    /** Each contact's unsubscribe token (made on first need) and whether they unsubscribed. */
    async contactsOf(contactIds: string[]) {
      const ids = [...new Set(contactIds)];
      if (ids.length === 0) return new Map<string, { token: string; unsubscribed: boolean }>();
      const now = clock.now().toISOString();
      await db
        .insertInto('mail_contacts')
        .values(
          ids.map((id) => ({
            contact_id: id,
            unsubscribe_token: newSecretToken(),
            unsubscribed_at: null,
            created_at: now,
          })),
        )
        .onConflict((oc) => oc.column('contact_id').doNothing())
        .execute();
      const rows = await db.selectFrom('mail_contacts').selectAll().where('contact_id', 'in', ids).execute();
      return new Map(
        rows.map((r) => [
          r.contact_id,
          { token: r.unsubscribe_token, unsubscribed: r.unsubscribed_at !== null },
        ]),
      );
    },

    /** The address behind an unsubscribe token, for the confirmation page; undefined if unknown. */
    async findByToken(token: string) {
      return db
        .selectFrom('mail_contacts as m')
        .innerJoin('contacts as c', 'c.id', 'm.contact_id')
        .select(['c.email', 'm.unsubscribed_at', 'm.contact_id'])
        .where('m.unsubscribe_token', '=', token)
        .executeTakeFirst();
    },

    /** Unsubscribes the token's contact from marketing email (idempotent); false if the token is unknown. */
    async unsubscribe(token: string): Promise<boolean> {
      const found = await this.findByToken(token);
      if (!found) return false;
      if (found.unsubscribed_at) return true;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('mail_contacts')
          .set({ unsubscribed_at: clock.now().toISOString() })
          .where('unsubscribe_token', '=', token)
          .where('unsubscribed_at', 'is', null)
          .execute();
        await recordAudit(trx, clock, {
          actorType: 'viewer',
          actorId: null,
          action: 'mail.unsubscribed',
          targetType: 'contact',
          targetId: found.contact_id,
        });
      });
      return true;
    },
  };
}
