import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { table } from './build.js';

/**
 * The weekly review's per-event rollup (issue 16): each event's figures to date, rebuilt from
 * the facts whenever they change. Counting every event's registrations and viewers on each
 * request took ~450 ms at 1,000,000 registrations, ~1.2 s with the lead columns.
 *
 * `analytics_event_rollups` holds one row per event, computed from the facts by
 * `src/analytics/review/rollups.ts`. `analytics_changes` is the list of events whose facts
 * changed since: database triggers add a row in the same transaction as the change, so no
 * write path (the registration form, an import, the room's watch-time flush, the scorer, a
 * contact's erasure) can forget to. A row per change, never an update of a shared row: a
 * burst of registrations to one event takes no row lock, and the refresher takes off the list
 * only the changes its computation saw, so one committed while it computes stays listed.
 *
 * What marks an event: a registration added, removed, or changing status, contact or event;
 * an attendance row of a registrant starting or stopping to count as watched (live or replay,
 * not every watch-time flush); a move in a contact's stage history (every event the contact
 * registered for). The migration lists every event, so the first refresh builds them all.
 */
const watched = (row: 'NEW' | 'OLD') =>
  `${row}.registration_id is not null and ${row}.live_seconds + ${row}.replay_seconds > 0`;
const attendanceCounts = `(OLD.live_seconds > 0) <> (NEW.live_seconds > 0)
    or (OLD.replay_seconds > 0) <> (NEW.replay_seconds > 0)
    or OLD.registration_id is distinct from NEW.registration_id
    or OLD.event_id <> NEW.event_id or OLD.joined_at <> NEW.joined_at`;
const qualified = (row: 'NEW' | 'OLD') => `${row}.to_stage in ('mql', 'accepted', 'opportunity', 'won')`;
const mark = (row: 'NEW' | 'OLD') => `insert into analytics_changes (event_id) values (${row}.event_id)`;
const markContact = (row: 'NEW' | 'OLD') =>
  `insert into analytics_changes (event_id) select event_id from registrations where contact_id = ${row}.contact_id`;

const TRIGGERS: { name: string; on: string; when: string; condition?: string; body: string[] }[] = [
  { name: 'registration_added', on: 'registrations', when: 'insert', body: [mark('NEW')] },
  {
    name: 'registration_changed',
    on: 'registrations',
    when: 'update',
    condition: `OLD.status <> NEW.status or OLD.contact_id is distinct from NEW.contact_id or OLD.event_id <> NEW.event_id`,
    body: [mark('OLD'), mark('NEW')],
  },
  { name: 'registration_removed', on: 'registrations', when: 'delete', body: [mark('OLD')] },
  {
    name: 'attendance_added',
    on: 'room_attendance',
    when: 'insert',
    condition: watched('NEW'),
    body: [mark('NEW')],
  },
  {
    name: 'attendance_changed',
    on: 'room_attendance',
    when: 'update',
    condition: `(${watched('OLD')} or ${watched('NEW')}) and (${attendanceCounts})`,
    body: [mark('OLD'), mark('NEW')],
  },
  {
    name: 'attendance_removed',
    on: 'room_attendance',
    when: 'delete',
    condition: watched('OLD'),
    body: [mark('OLD')],
  },
  {
    name: 'stage_moved',
    on: 'lead_stage_history',
    when: 'insert',
    condition: qualified('NEW'),
    body: [markContact('NEW')],
  },
  {
    name: 'stage_history_changed',
    on: 'lead_stage_history',
    when: 'update',
    body: [markContact('OLD'), markContact('NEW')],
  },
  {
    name: 'stage_history_removed',
    on: 'lead_stage_history',
    when: 'delete',
    condition: qualified('OLD'),
    body: [markContact('OLD')],
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await table(
    db,
    'analytics_event_rollups',
    ['event_id'],
    [
      ['event_id', 'text'],
      ['registrations', 'integer'],
      ['attendees', 'integer'],
      ['attendees_live', 'integer'],
      ['attendees_replay', 'integer'],
      // JSON: the dated MQLs, opportunities and wins this event influenced; null when the
      // leads module records no stage history.
      ['influence', 'text', false],
      ['computed_at', 'text'],
    ],
  );
  await sql
    .raw(
      postgres
        ? 'create table analytics_changes (id bigserial primary key, event_id text not null)'
        : 'create table analytics_changes (id integer primary key, event_id text not null)',
    )
    .execute(db);
  // The refresher takes an event's rows off the list; the review reads which events are listed.
  await db.schema
    .createIndex('analytics_changes_event')
    .on('analytics_changes')
    .columns(['event_id', 'id'])
    .execute();
  // The weekly review's "this week" reads the sessions that started in the last two weeks.
  await db.schema.createIndex('room_attendance_joined').on('room_attendance').column('joined_at').execute();

  for (const t of TRIGGERS) {
    const name = `analytics_${t.name}`;
    if (postgres) {
      // PostgreSQL runs a function per trigger; `is distinct from` and `<>` read the same.
      await sql
        .raw(
          `create function ${name}() returns trigger language plpgsql as $$
           begin ${t.body.map((s) => `${s};`).join(' ')} return null; end $$`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${name} after ${t.when} on ${t.on} for each row
           ${t.condition ? `when (${t.condition})` : ''} execute function ${name}()`,
        )
        .execute(db);
    } else {
      await sql
        .raw(
          `create trigger ${name} after ${t.when} on ${t.on} for each row
           ${t.condition ? `when ${t.condition.replaceAll('is distinct from', 'is not')}` : ''}
           begin ${t.body.map((s) => `${s};`).join(' ')} end`,
        )
        .execute(db);
    }
  }
  await sql`insert into analytics_changes (event_id) select id from events`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const t of TRIGGERS) {
    const name = `analytics_${t.name}`;
    await sql
      .raw(postgres ? `drop trigger if exists ${name} on ${t.on}` : `drop trigger if exists ${name}`)
      .execute(db);
    if (postgres) await sql.raw(`drop function if exists ${name}()`).execute(db);
  }
  await db.schema.dropIndex('room_attendance_joined').execute();
  await db.schema.dropTable('analytics_changes').execute();
  await db.schema.dropTable('analytics_event_rollups').execute();
}
