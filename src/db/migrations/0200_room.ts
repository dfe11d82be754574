import type { Kysely } from 'kysely';

type Col = [name: string, type: 'text' | 'integer', notNull?: boolean];

/** Creates a table from a compact column list; `key` is the primary key (one or more columns). */
async function table(db: Kysely<unknown>, name: string, key: string[], cols: Col[]): Promise<void> {
  let builder = db.schema.createTable(name);
  for (const [col, type, notNull = true] of cols) {
    builder = builder.addColumn(col, type, (c) => (notNull ? c.notNull() : c));
  }
  await builder.addPrimaryKeyConstraint(`${name}_pk`, key as never[]).execute();
}

async function index(db: Kysely<unknown>, name: string, on: string, columns: string[], unique = false) {
  const builder = db.schema.createIndex(name).on(on).columns(columns);
  await (unique ? builder.unique() : builder).execute();
}

/** The live room (chat, Q&A, polls, offers, check-in, lottery, attendance) and chat moderation. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const viewer: Col[] = [
    ['viewer_id', 'text'],
    ['registration_id', 'text', false],
  ];
  await table(
    db,
    'room_state',
    ['event_id'],
    [
      ['event_id', 'text'],
      ['chat_mode', 'text'],
      ['checkin_open', 'integer'],
      ['announcement', 'text', false],
      ['updated_at', 'text'],
    ],
  );
  await table(
    db,
    'room_messages',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ['client_id', 'text'],
      ...viewer,
      ['display_name', 'text'],
      ['is_staff', 'integer'],
      ['body', 'text'],
      ['status', 'text'],
      ['filter_reason', 'text', false],
      ['created_at', 'text'],
    ],
  );
  await index(db, 'room_messages_client', 'room_messages', ['event_id', 'viewer_id', 'client_id'], true);
  await index(db, 'room_messages_event', 'room_messages', ['event_id', 'status', 'id']);

  await table(
    db,
    'room_questions',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ['client_id', 'text'],
      ...viewer,
      ['display_name', 'text'],
      ['body', 'text'],
      ['status', 'text'],
      ['pinned', 'integer'],
      ['answer', 'text', false],
      ['answered_at', 'text', false],
      ['upvotes', 'integer'],
      ['created_at', 'text'],
    ],
  );
  await index(db, 'room_questions_client', 'room_questions', ['event_id', 'viewer_id', 'client_id'], true);
  await table(
    db,
    'room_question_votes',
    ['question_id', 'viewer_id'],
    [
      ['question_id', 'text'],
      ['viewer_id', 'text'],
      ['created_at', 'text'],
    ],
  );

  await table(
    db,
    'room_polls',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ['question', 'text'],
      ['kind', 'text'],
      ['options', 'text'],
      ['status', 'text'],
      ['show_results', 'integer'],
      ['created_at', 'text'],
      ['opened_at', 'text', false],
      ['closed_at', 'text', false],
    ],
  );
  await index(db, 'room_polls_event', 'room_polls', ['event_id']);
  await table(
    db,
    'room_poll_answers',
    ['poll_id', 'viewer_id'],
    [['poll_id', 'text'], ...viewer, ['choices', 'text'], ['created_at', 'text']],
  );
  await table(
    db,
    'room_poll_choices',
    ['poll_id', 'viewer_id', 'option_index'],
    [
      ['poll_id', 'text'],
      ['viewer_id', 'text'],
      ['option_index', 'integer'],
    ],
  );

  await table(
    db,
    'room_offers',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ['title', 'text'],
      ['description', 'text'],
      ['cta_label', 'text'],
      ['url', 'text'],
      ['requires_form', 'integer'],
      ['status', 'text'],
      ['created_at', 'text'],
      ['pushed_at', 'text', false],
    ],
  );
  await index(db, 'room_offers_event', 'room_offers', ['event_id']);

  await table(
    db,
    'room_checkins',
    ['event_id', 'viewer_id'],
    [['event_id', 'text'], ...viewer, ['display_name', 'text'], ['created_at', 'text']],
  );
  await table(
    db,
    'room_lotteries',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ['prize', 'text'],
      ['pool', 'text'],
      ['winners_count', 'integer'],
      ['seed', 'text'],
      ['candidates_count', 'integer'],
      ['candidates_digest', 'text'],
      ['winners', 'text'],
      ['drawn_by', 'text', false],
      ['created_at', 'text'],
    ],
  );
  await index(db, 'room_lotteries_event', 'room_lotteries', ['event_id']);

  await table(
    db,
    'room_interactions',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ['registration_id', 'text', false],
      ['viewer_id', 'text'],
      ['type', 'text'],
      ['payload', 'text'],
      ['at', 'text'],
    ],
  );
  await index(db, 'room_interactions_event', 'room_interactions', ['event_id', 'id']);
  await index(db, 'room_interactions_registration', 'room_interactions', ['registration_id']);

  await table(
    db,
    'room_attendance',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ...viewer,
      ['display_name', 'text'],
      ['device', 'text'],
      ['joined_at', 'text'],
      ['left_at', 'text', false],
      ['live_seconds', 'integer'],
      ['replay_seconds', 'integer'],
    ],
  );
  await index(db, 'room_attendance_event', 'room_attendance', ['event_id', 'viewer_id']);
  await table(
    db,
    'room_concurrency',
    ['event_id', 'minute'],
    [
      ['event_id', 'text'],
      ['minute', 'text'],
      ['peak', 'integer'],
    ],
  );

  await table(
    db,
    'moderation_mutes',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ['viewer_id', 'text'],
      ['contact_id', 'text', false],
      ['display_name', 'text'],
      ['duration', 'text'],
      ['until', 'text', false],
      ['reason', 'text'],
      ['created_by', 'text'],
      ['created_at', 'text'],
      ['lifted_at', 'text', false],
      ['lifted_by', 'text', false],
    ],
  );
  await index(db, 'moderation_mutes_viewer', 'moderation_mutes', ['viewer_id']);
  await index(db, 'moderation_mutes_contact', 'moderation_mutes', ['contact_id']);
  const decided: Col[] = [
    ['created_at', 'text'],
    ['decided_by', 'text', false],
    ['decided_at', 'text', false],
  ];
  await table(
    db,
    'moderation_reports',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ['message_id', 'text'],
      ['reporter_viewer_id', 'text'],
      ['reason', 'text'],
      ['status', 'text'],
      ...decided,
    ],
  );
  await index(
    db,
    'moderation_reports_once',
    'moderation_reports',
    ['message_id', 'reporter_viewer_id'],
    true,
  );
  await table(
    db,
    'moderation_appeals',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ['mute_id', 'text'],
      ['viewer_id', 'text'],
      ['body', 'text'],
      ['status', 'text'],
      ...decided,
    ],
  );
  await index(db, 'moderation_appeals_mute', 'moderation_appeals', ['mute_id']);
  await table(
    db,
    'moderation_filters',
    ['id'],
    [
      ['id', 'text'],
      ['pattern', 'text'],
      ['kind', 'text'],
      ['action', 'text'],
      ['created_by', 'text'],
      ['created_at', 'text'],
    ],
  );
}
