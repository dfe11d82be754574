import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Dialect } from '../db/database.js';
import { groupCommitBatch } from '../db/group-commit.js';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';
import type { MailTransport, OutgoingMail } from './transport.js';

export type Mailer = ReturnType<typeof createMailer>;
export type MailMessage = Omit<OutgoingMail, 'from'> & { eventId?: string; registrationId?: string };

/**
 * Sends a message at most once per idempotency key, recording it in `mail_messages`
 * first. Called from jobs: a failed send throws so the job is retried, and a retry after
 * a successful send finds the row marked sent and does nothing.
 */
export function createMailer(deps: {
  db: Kysely<Database>;
  clock: Clock;
  dialect: Dialect;
  transport: MailTransport;
  from: string;
}) {
  const { db, clock, transport } = deps;
  type Row = Database['mail_messages'];
  // Confirmation emails come in bursts (one per registration, sent by the job thread a
  // batch at a time): the records of messages delivered together are one multi-row insert
  // in one commit. A second record with the same idempotency key is ignored.
  const record = groupCommitBatch(
    db,
    async (trx, rows: Row[]) => {
      await trx
        .insertInto('mail_messages')
        .values(rows)
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .execute();
      return rows.map(() => undefined);
    },
    { maxBatch: 256, concurrency: deps.dialect === 'sqlite' ? 1 : 4 },
  );

  return {
    transportKind: transport.kind,

    async deliver(idempotencyKey: string, message: MailMessage): Promise<void> {
      const now = clock.now().toISOString();
      const row: Row = {
        id: newId(),
        idempotency_key: idempotencyKey,
        to_address: message.to,
        subject: message.subject,
        text_body: message.text,
        html_body: message.html,
        attachments: JSON.stringify(message.attachments),
        status: 'queued',
        transport: transport.kind,
        attempts: 0,
        last_error: null,
        event_id: message.eventId ?? null,
        registration_id: message.registrationId ?? null,
        created_at: now,
        sent_at: null,
      };
      // Without SMTP the kept row is the delivery: one write, and a repeat is ignored.
      if (transport.kind === 'outbox') {
        await record({ ...row, status: 'kept', attempts: 1, sent_at: now });
        return;
      }
      await record(row);
      const stored = await db
        .selectFrom('mail_messages')
        .selectAll()
        .where('idempotency_key', '=', idempotencyKey)
        .executeTakeFirstOrThrow();
      if (stored.status === 'sent' || stored.status === 'kept') return;
      try {
        await transport.send({
          from: deps.from,
          to: stored.to_address,
          subject: stored.subject,
          text: stored.text_body,
          html: stored.html_body,
          attachments: JSON.parse(stored.attachments) as OutgoingMail['attachments'],
        });
      } catch (err) {
        await db
          .updateTable('mail_messages')
          .set({
            attempts: stored.attempts + 1,
            last_error: String(err instanceof Error ? err.message : err).slice(0, 2000),
          })
          .where('id', '=', stored.id)
          .execute();
        throw err;
      }
      await db
        .updateTable('mail_messages')
        .set({
          status: 'sent',
          attempts: stored.attempts + 1,
          last_error: null,
          sent_at: clock.now().toISOString(),
        })
        .where('id', '=', stored.id)
        .execute();
    },

    async list(query: { page: number; page_size: number }) {
      const total = await db
        .selectFrom('mail_messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      const rows = await db
        .selectFrom('mail_messages')
        .select([
          'id',
          'to_address',
          'subject',
          'status',
          'transport',
          'attempts',
          'last_error',
          'event_id',
          'created_at',
          'sent_at',
        ])
        .orderBy('id', 'desc')
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
        .execute();
      return { rows, total: Number(total?.n ?? 0) };
    },

    get: (id: string) => db.selectFrom('mail_messages').selectAll().where('id', '=', id).executeTakeFirst(),

    close: () => transport.close(),
  };
}
