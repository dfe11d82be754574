import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { DeliveryStatus } from '../tables.js';

export const deliveryStatuses: readonly DeliveryStatus[] = [
  'scheduled',
  'sending',
  'sent',
  'failed',
  'suppressed',
  'skipped',
  'cancelled',
];

export type StatusCounts = Record<DeliveryStatus, number>;
const emptyCounts = (): StatusCounts =>
  Object.fromEntries(deliveryStatuses.map((s) => [s, 0])) as StatusCounts;

/** The delivery log of an event: counts per step and status, and the rows themselves. */
export function createDeliveryLog(deps: { db: Kysely<Database> }) {
  const { db } = deps;
  return {
    async counts(eventId: string): Promise<Map<string, StatusCounts>> {
      const rows = await db
        .selectFrom('mail_deliveries')
        .select(['step', 'status', (eb) => eb.fn.countAll().as('n')])
        .where('event_id', '=', eventId)
        .groupBy(['step', 'status'])
        .execute();
      const out = new Map<string, StatusCounts>();
      for (const r of rows) {
        const counts = out.get(r.step) ?? emptyCounts();
        counts[r.status] = Number(r.n);
        out.set(r.step, counts);
      }
      return out;
    },

    runs: (eventId: string) =>
      db.selectFrom('mail_step_runs').selectAll().where('event_id', '=', eventId).execute(),

    /** The last relay answer of emails waiting for a retry: the console shows it as "the relay is not answering". */
    async relayProblem(eventId: string) {
      return db
        .selectFrom('mail_deliveries')
        .select(['last_error', 'updated_at'])
        .where('event_id', '=', eventId)
        .where('status', '=', 'scheduled')
        .where('attempts', '>', 0)
        .where('last_error', 'is not', null)
        .orderBy('updated_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    async list(
      eventId: string,
      query: { step?: string; status?: DeliveryStatus; q?: string; page: number; page_size: number },
    ) {
      let base = db.selectFrom('mail_deliveries').where('event_id', '=', eventId);
      if (query.step) base = base.where('step', '=', query.step);
      if (query.status) base = base.where('status', '=', query.status);
      if (query.q) base = base.where('to_address', 'like', `%${query.q.replace(/[%_\\]/g, '')}%`);
      const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      const rows = await base
        .select([
          'id',
          'step',
          'registration_id',
          'to_address',
          'status',
          'attempts',
          'last_error',
          'run_at',
          'sent_at',
          'updated_at',
        ])
        .orderBy('updated_at', 'desc')
        .orderBy('id')
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
        .execute();
      return { rows, total: Number(total?.n ?? 0) };
    },
  };
}
