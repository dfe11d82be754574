import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { insertEvent } from '../support/rows.js';

/**
 * A generated event with known answers (issue 16's test scenario, as far as main records
 * facts): 1,000 registrations over 4 channels and 10 local days, 40 % attend (300 live, 100
 * replay) with known watch times, a concurrency curve, chat, questions, a poll, an offer and
 * check-ins; plus a year-old event whose replay still has viewers this week, and a draft.
 *
 * Registration i (0…999): residue r = i % 10 decides everything.
 * - channel: r 0–3 wechat (400), 4–6 email (300), 7–8 linkedin (200), 9 none (100);
 * - local day (Asia/Shanghai): 2026-12-01 + floor(i / 100) — created at 16:30 UTC the day before;
 * - user agent: i % 5 < 3 phone (600); i % 20 = 19 none (50); else desktop (350);
 * - attends: r 0, 1 (wechat) and 5, 6 (email) → 400. r 0: live 3,600 s in two sessions
 *   on a phone; r 1: live 1,800 s; r 5: live 600 s on a phone; r 6: replay 1,200 s.
 */
export const NOW = '2026-12-20T00:00:00.000Z';
export const MAIN = {
  starts: '2026-12-10T06:00:00.000Z',
  ends: '2026-12-10T07:30:00.000Z',
  tz: 'Asia/Shanghai',
};

const CHANNELS = [
  'wechat',
  'wechat',
  'wechat',
  'wechat',
  'email',
  'email',
  'email',
  'linkedin',
  'linkedin',
  null,
];
const PHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 MicroMessenger/8.0';
const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0';
const at = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();

async function insertMany<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: unknown[],
) {
  for (let i = 0; i < rows.length; i += 400) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 400) as never)
      .execute();
  }
}

export function registration(eventId: string, key: string, over: Partial<Database['registrations']>) {
  const created = over.created_at ?? NOW;
  return {
    contact: {
      id: `c_${key}`,
      email: `${key}@example.com`,
      name: `Viewer ${key}`,
      phone: null,
      company: null,
      job_title: null,
      created_at: created,
      updated_at: created,
    },
    registration: {
      id: `r_${key}`,
      event_id: eventId,
      contact_id: `c_${key}`,
      email: `${key}@example.com`,
      name: `Viewer ${key}`,
      phone: null,
      company: null,
      job_title: null,
      join_token: `tok_${key}`,
      status: 'active' as const,
      locale: 'en',
      consent_text: 'ok',
      consent_version: 1,
      consented_at: created,
      channel: null,
      referred_by: null,
      utm: null,
      user_agent: null,
      created_at: created,
      updated_at: created,
      ...over,
    },
  };
}

export function session(eventId: string, viewer: string, over: Partial<Database['room_attendance']>) {
  return {
    id: `a_${viewer}_${over.joined_at ?? ''}`,
    event_id: eventId,
    viewer_id: viewer,
    registration_id: viewer.startsWith('r_') ? viewer : null,
    display_name: viewer,
    device: 'desktop' as const,
    joined_at: MAIN.starts,
    left_at: null,
    live_seconds: 0,
    replay_seconds: 0,
    client_key: null,
    ...over,
  };
}

export async function seedScenario(db: Kysely<Database>) {
  const main = await insertEvent(db, {
    slug: 'analytics-main',
    title: 'Analytics main event',
    status: 'ended',
    timezone: MAIN.tz,
    starts_at: MAIN.starts,
    ends_at: MAIN.ends,
  });
  const old = await insertEvent(db, {
    slug: 'analytics-old',
    title: 'Year-old event',
    status: 'on_demand',
    starts_at: '2025-12-10T06:00:00.000Z',
    ends_at: '2025-12-10T07:00:00.000Z',
  });
  await insertEvent(db, { slug: 'analytics-draft', title: 'Draft event', status: 'draft' });

  const regs = Array.from({ length: 1000 }, (_, i) =>
    registration(main.id, `m${i}`, {
      channel: CHANNELS[i % 10]!,
      created_at: at('2026-11-30T16:30:00.000Z', Math.floor(i / 100) * 24 * 60),
      user_agent: i % 20 === 19 ? null : i % 5 < 3 ? PHONE_UA : DESKTOP_UA,
    }),
  );
  // The old event: 10 registrations a year ago, one this week; 4 of the old ones watch the replay this week.
  const oldRegs = [
    ...Array.from({ length: 10 }, (_, i) =>
      registration(old.id, `o${i}`, { created_at: '2025-12-01T00:00:00.000Z' }),
    ),
    registration(old.id, 'o10', { created_at: '2026-12-18T09:00:00.000Z' }),
  ];
  await insertMany(
    db,
    'contacts',
    [...regs, ...oldRegs].map((r) => r.contact),
  );
  await insertMany(
    db,
    'registrations',
    [...regs, ...oldRegs].map((r) => r.registration),
  );

  const sessions: ReturnType<typeof session>[] = [];
  for (let i = 0; i < 1000; i++) {
    const viewer = `r_m${i}`;
    const r = i % 10;
    if (r === 0) {
      sessions.push(session(main.id, viewer, { device: 'phone', live_seconds: 1800 }));
      sessions.push(
        session(main.id, viewer, { device: 'desktop', joined_at: at(MAIN.starts, 40), live_seconds: 1800 }),
      );
    }
    if (r === 1) sessions.push(session(main.id, viewer, { live_seconds: 1800 }));
    if (r === 5) sessions.push(session(main.id, viewer, { device: 'phone', live_seconds: 600 }));
    if (r === 6)
      sessions.push(
        session(main.id, viewer, { joined_at: '2026-12-11T10:00:00.000Z', replay_seconds: 1200 }),
      );
    // Opened the room but never played: not an attendee.
    if (r === 7 && i < 50) sessions.push(session(main.id, viewer, {}));
  }
  sessions.push(session(main.id, 'user:host', { live_seconds: 5000 }));
  sessions.push(session(main.id, 'anon_1', { live_seconds: 0 }));
  for (let i = 0; i < 4; i++) {
    sessions.push(session(old.id, `r_o${i}`, { joined_at: '2026-12-15T12:00:00.000Z', replay_seconds: 900 }));
  }
  await insertMany(db, 'room_attendance', sessions);

  // Concurrency 06:00–06:59 UTC: rises to 130 at 06:30, falls after; 06:45 has no row (nobody counted).
  const peaks = Array.from({ length: 60 }, (_, m) => ({
    event_id: main.id,
    minute: at(MAIN.starts, m),
    peak: m <= 30 ? 100 + m : 160 - m,
  })).filter((_, m) => m !== 45);
  await insertMany(db, 'room_concurrency', peaks);

  const message = (n: number, over: Partial<Database['room_messages']>) => ({
    id: `msg${n}`,
    event_id: main.id,
    client_id: `cl${n}`,
    viewer_id: `r_m${n}`,
    registration_id: `r_m${n}`,
    display_name: 'Viewer',
    is_staff: 0,
    body: 'Hello',
    status: 'visible' as const,
    filter_reason: null,
    body_key: null,
    created_at: at(MAIN.starts, 10),
    ...over,
  });
  await insertMany(db, 'room_messages', [
    ...Array.from({ length: 50 }, (_, n) => message(n, {})),
    ...Array.from({ length: 5 }, (_, n) => message(100 + n, { is_staff: 1, viewer_id: `user:${n}` })),
    ...Array.from({ length: 3 }, (_, n) => message(200 + n, { status: 'blocked' })),
  ]);

  const question = (n: number, upvotes: number, status: Database['room_questions']['status']) => ({
    id: `q${n}`,
    event_id: main.id,
    client_id: `qc${n}`,
    viewer_id: `r_m${n}`,
    registration_id: `r_m${n}`,
    display_name: `Asker ${n}`,
    body: `Question ${n}?`,
    status,
    pinned: 0,
    answer: null,
    answered_at: null,
    upvotes,
    created_at: at(MAIN.starts, 20),
  });
  await insertMany(db, 'room_questions', [
    question(1, 5, 'open'),
    question(2, 10, 'answered'),
    question(3, 0, 'open'),
    question(4, 50, 'held'),
  ]);
  await insertMany(
    db,
    'room_question_votes',
    Array.from({ length: 15 }, (_, n) => ({
      question_id: n < 10 ? 'q2' : 'q1',
      viewer_id: `r_m${n}`,
      created_at: at(MAIN.starts, 21),
    })),
  );

  await insertMany(db, 'room_polls', [
    {
      id: 'poll1',
      event_id: main.id,
      question: 'Which channel works best?',
      kind: 'single',
      options: JSON.stringify(['WeChat', 'Email', 'LinkedIn']),
      status: 'closed',
      show_results: 1,
      created_at: at(MAIN.starts, 35),
      opened_at: at(MAIN.starts, 40),
      closed_at: at(MAIN.starts, 42),
    },
  ]);
  const voters = Array.from({ length: 100 }, (_, n) => ({
    viewer: `r_m${n}`,
    choice: n < 60 ? 0 : n < 90 ? 1 : 2,
  }));
  await insertMany(
    db,
    'room_poll_answers',
    voters.map((v) => ({
      poll_id: 'poll1',
      viewer_id: v.viewer,
      registration_id: v.viewer,
      choices: JSON.stringify([v.choice]),
      created_at: at(MAIN.starts, 40),
    })),
  );
  await insertMany(
    db,
    'room_poll_choices',
    voters.map((v) => ({ poll_id: 'poll1', viewer_id: v.viewer, option_index: v.choice })),
  );

  await insertMany(db, 'room_offers', [
    {
      id: 'offer1',
      event_id: main.id,
      title: 'Playbook PDF',
      description: '',
      cta_label: 'Get it',
      url: 'https://example.com/playbook.pdf',
      requires_form: 0,
      status: 'live',
      created_at: at(MAIN.starts, 45),
      pushed_at: at(MAIN.starts, 50),
    },
  ]);
  const interaction = (n: number, type: Database['room_interactions']['type'], viewer: number) => ({
    id: `i${n}`,
    event_id: main.id,
    registration_id: `r_m${viewer}`,
    viewer_id: `r_m${viewer}`,
    type,
    payload: JSON.stringify(
      type === 'offer_form' ? { offerId: 'offer1', company: 'Acme' } : { offerId: 'offer1' },
    ),
    at: at(MAIN.starts, 50),
  });
  await insertMany(db, 'room_interactions', [
    ...Array.from({ length: 40 }, (_, n) => interaction(n, 'offer_click', n)),
    ...Array.from({ length: 10 }, (_, n) => interaction(100 + n, 'offer_download', n)),
    ...Array.from({ length: 5 }, (_, n) => interaction(200 + n, 'offer_form', n)),
    interaction(300, 'chat_message', 1),
  ]);
  await insertMany(
    db,
    'room_checkins',
    Array.from({ length: 25 }, (_, n) => ({
      event_id: main.id,
      viewer_id: `r_m${n}`,
      registration_id: `r_m${n}`,
      display_name: 'Viewer',
      created_at: at(MAIN.starts, 5),
    })),
  );
  await seedLeadHistory(db);
  return { main, old };
}

/**
 * The leads' stage history, with known answers. Main event: 60 attendees reach MQL (r 0 and
 * 5, i < 300; 10 of them this week), 12 of those become opportunities of 10,000 two days after
 * the live (r 0, i < 120), and 3 are won (m0 and m10 this week for 20,000 each, m20 earlier for
 * 20,000). m1 and m11 (live attendees) were disqualified: not leads. m3 reached MQL without
 * watching: not one of the event's leads. m295's opportunity came before the event: not
 * influenced by it. The year-old event: o0 watched its replay this week, then became an
 * opportunity of 50,000 and was won for 40,000 — an old event still producing revenue.
 */
async function seedLeadHistory(db: Kysely<Database>) {
  type Row = Database['lead_stage_history'];
  let n = 0;
  const move = (contact: string, to: Row['to_stage'], when: string, amount: number | null = null): Row => ({
    id: `h${String(n++).padStart(5, '0')}`,
    contact_id: `c_${contact}`,
    from_stage: null,
    to_stage: to,
    amount,
    currency: amount === null ? null : 'CNY',
    reason: null,
    actor_type: 'system',
    actor_id: null,
    at: when,
  });
  const rows: Row[] = [];
  for (let i = 0; i < 300; i += 10) {
    for (const r of [0, 5]) {
      const thisWeek = r === 5 && i < 100;
      rows.push(move(`m${i + r}`, 'mql', thisWeek ? '2026-12-15T08:00:00.000Z' : '2026-12-10T08:00:00.000Z'));
    }
  }
  for (let i = 0; i < 120; i += 10) {
    rows.push(move(`m${i}`, 'accepted', '2026-12-11T08:00:00.000Z'));
    rows.push(move(`m${i}`, 'opportunity', '2026-12-12T08:00:00.000Z', 10_000));
  }
  rows.push(move('m0', 'won', '2026-12-16T08:00:00.000Z', 20_000));
  rows.push(move('m10', 'won', '2026-12-17T08:00:00.000Z', 20_000));
  rows.push(move('m20', 'won', '2026-12-12T20:00:00.000Z', 20_000));
  rows.push(move('m3', 'mql', '2026-12-10T08:00:00.000Z'));
  rows.push(move('m295', 'accepted', '2026-11-20T08:00:00.000Z'));
  rows.push(move('m295', 'opportunity', '2026-11-21T08:00:00.000Z', 99_000));
  rows.push(move('o0', 'mql', '2026-12-16T08:00:00.000Z'));
  rows.push(move('o0', 'accepted', '2026-12-16T09:00:00.000Z'));
  rows.push(move('o0', 'opportunity', '2026-12-17T08:00:00.000Z', 50_000));
  rows.push(move('o0', 'won', '2026-12-19T08:00:00.000Z', 40_000));
  await insertMany(db, 'lead_stage_history', rows);
  await insertMany(
    db,
    'leads',
    ['m1', 'm11'].map((key) => ({
      contact_id: `c_${key}`,
      score: 0,
      breakdown: '[]',
      stage: 'disqualified' as const,
      owner_id: null,
      mql_at: null,
      mql_facts: null,
      rules_version: 1,
      scored_at: NOW,
      stage_changed_at: NOW,
      created_at: NOW,
    })),
  );
}
