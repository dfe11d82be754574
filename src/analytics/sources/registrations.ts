import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface RegistrationFact {
  id: string;
  channel: string | null;
  created_at: string;
  user_agent: string | null;
}

/** The event's registrations that stand (a revoked one was spam or a mistake, not a registrant). */
export function eventRegistrations(db: Kysely<Database>, eventId: string): Promise<RegistrationFact[]> {
  return db
    .selectFrom('registrations')
    .select(['id', 'channel', 'created_at', 'user_agent'])
    .where('event_id', '=', eventId)
    .where('status', '=', 'active')
    .execute();
}
