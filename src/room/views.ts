import type { Database } from '../db/schema.js';

type Row<T extends keyof Database> = Database[T];

/** A chat message as viewers see it: display name only, never contact details or viewer ids. */
export const messageView = (m: Row<'room_messages'>) => ({
  id: m.id,
  cid: m.client_id,
  name: m.display_name,
  staff: m.is_staff === 1,
  body: m.body,
  at: m.created_at,
});

/** The same message for staff: with the viewer id (to mute) and its moderation status. */
export const staffMessageView = (m: Row<'room_messages'>) => ({
  ...messageView(m),
  viewerId: m.viewer_id,
  status: m.status,
  reason: m.filter_reason,
});

export const questionView = (q: Row<'room_questions'>) => ({
  id: q.id,
  cid: q.client_id,
  name: q.display_name,
  body: q.body,
  status: q.status,
  pinned: q.pinned === 1,
  answer: q.answer,
  upvotes: q.upvotes,
  at: q.created_at,
});

export const staffQuestionView = (q: Row<'room_questions'>) => ({
  ...questionView(q),
  viewerId: q.viewer_id,
});

/** A poll; `results` (votes per option) only when the host shows them or for staff. */
export const pollView = (p: Row<'room_polls'>, results: number[] | null) => ({
  id: p.id,
  question: p.question,
  kind: p.kind,
  options: JSON.parse(p.options) as string[],
  status: p.status,
  showResults: p.show_results === 1,
  results,
});

/** An offer card; its URL is handed out on click, so every download is recorded. */
export const offerView = (o: Row<'room_offers'>) => ({
  id: o.id,
  title: o.title,
  description: o.description,
  ctaLabel: o.cta_label,
  requiresForm: o.requires_form === 1,
  status: o.status,
});

export const staffOfferView = (o: Row<'room_offers'>) => ({ ...offerView(o), url: o.url });

export type MessageView = ReturnType<typeof messageView>;
