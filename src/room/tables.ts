export type ChatMode = 'open' | 'hold' | 'closed';
export type MessageStatus = 'visible' | 'held' | 'deleted' | 'blocked' | 'rejected';
/** `held`: the screen held it for review; only the team sees it until a host approves it. */
export type QuestionStatus = 'held' | 'open' | 'answered' | 'dismissed';
export type PollKind = 'single' | 'multiple';
export type PollStatus = 'draft' | 'open' | 'closed';
export type OfferStatus = 'draft' | 'live' | 'withdrawn';
export type WatchMode = 'live' | 'replay';
export type DeviceType = 'phone' | 'desktop';
export type LotteryPool = 'checked_in' | 'all';
/** What a viewer did, one fact per row; lead scoring reads these (see ROADMAP "Conversion"). */
export type InteractionType =
  | 'chat_message'
  | 'question'
  | 'question_upvote'
  | 'poll_answer'
  | 'offer_click'
  | 'offer_form'
  | 'offer_download'
  | 'checkin';

/**
 * The live room. A "viewer id" is the registration id for registered viewers,
 * `anon_…` for anonymous viewers of open events and `user:…` for staff.
 */
export interface RoomTables {
  room_state: {
    event_id: string;
    chat_mode: ChatMode;
    checkin_open: number;
    announcement: string | null;
    updated_at: string;
  };
  room_messages: {
    id: string;
    event_id: string;
    client_id: string;
    viewer_id: string;
    registration_id: string | null;
    display_name: string;
    is_staff: number;
    body: string;
    status: MessageStatus;
    filter_reason: string | null;
    /** Hash of the normalised text (long enough messages only): finds the same text from several viewers. */
    body_key: string | null;
    created_at: string;
  };
  room_questions: {
    id: string;
    event_id: string;
    client_id: string;
    viewer_id: string;
    registration_id: string | null;
    display_name: string;
    body: string;
    status: QuestionStatus;
    pinned: number;
    answer: string | null;
    answered_at: string | null;
    upvotes: number;
    created_at: string;
  };
  room_question_votes: { question_id: string; viewer_id: string; created_at: string };
  room_polls: {
    id: string;
    event_id: string;
    question: string;
    kind: PollKind;
    options: string;
    status: PollStatus;
    show_results: number;
    created_at: string;
    opened_at: string | null;
    closed_at: string | null;
  };
  room_poll_answers: {
    poll_id: string;
    viewer_id: string;
    registration_id: string | null;
    choices: string;
    created_at: string;
  };
  room_poll_choices: { poll_id: string; viewer_id: string; option_index: number };
  room_offers: {
    id: string;
    event_id: string;
    title: string;
    description: string;
    cta_label: string;
    url: string;
    requires_form: number;
    status: OfferStatus;
    created_at: string;
    pushed_at: string | null;
    /** An uploaded file (src/files, kind 'document'), served only through the offer's download route. */
    file_id: string | null;
    /** Also shown on the confirmation and replay pages. */
    on_pages: number;
    /** JSON: the short form of a gated offer (src/leads/offers/gate.ts); null: the room's own. */
    gate: string | null;
  };
  room_checkins: {
    event_id: string;
    viewer_id: string;
    registration_id: string | null;
    display_name: string;
    created_at: string;
  };
  room_lotteries: {
    id: string;
    event_id: string;
    prize: string;
    pool: LotteryPool;
    winners_count: number;
    seed: string;
    candidates_count: number;
    candidates_digest: string;
    winners: string;
    drawn_by: string | null;
    created_at: string;
  };
  room_interactions: {
    id: string;
    event_id: string;
    registration_id: string | null;
    viewer_id: string;
    type: InteractionType;
    payload: string;
    at: string;
  };
  room_attendance: {
    id: string;
    event_id: string;
    viewer_id: string;
    registration_id: string | null;
    display_name: string;
    device: DeviceType;
    joined_at: string;
    left_at: string | null;
    live_seconds: number;
    replay_seconds: number;
    /** Anonymous viewers' client key (address + browser), copied onto a mute of this viewer. */
    client_key: string | null;
  };
  room_concurrency: { event_id: string; minute: string; peak: number };
}
