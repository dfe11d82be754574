import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ChatMode } from './tables.js';

export interface RoomState {
  chatMode: ChatMode;
  checkinOpen: boolean;
  announcement: string | null;
}

/** The room's switches (chat mode, check-in window, pinned announcement); defaults before the first change. */
export async function readState(db: Kysely<Database>, eventId: string): Promise<RoomState> {
  const row = await db
    .selectFrom('room_state')
    .selectAll()
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return {
    chatMode: row?.chat_mode ?? 'open',
    checkinOpen: row?.checkin_open === 1,
    announcement: row?.announcement ?? null,
  };
}

/** Changes some of the switches (only those columns, so concurrent changes to others survive). */
export async function writeState(
  db: Kysely<Database>,
  eventId: string,
  now: string,
  change: Partial<RoomState>,
) {
  const changed = {
    ...(change.chatMode !== undefined ? { chat_mode: change.chatMode } : {}),
    ...(change.checkinOpen !== undefined ? { checkin_open: change.checkinOpen ? 1 : 0 } : {}),
    ...(change.announcement !== undefined ? { announcement: change.announcement } : {}),
    updated_at: now,
  };
  await db
    .insertInto('room_state')
    .values({ event_id: eventId, chat_mode: 'open', checkin_open: 0, announcement: null, ...changed })
    .onConflict((oc) => oc.column('event_id').doUpdateSet(changed))
    .execute();
}
