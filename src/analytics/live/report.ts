import type { EventRow } from '../../events/events.js';
import { utcToZonedLocal } from '../../events/time.js';
import { eventRef } from '../funnel/dashboard.js';
import { ratio } from '../funnel/funnel.js';
import type { LiveReportView } from '../schemas.js';
import type { ViewerFact } from '../sources/attendance.js';
import { mean, median, minuteOf, minutesBetween, onMinutes, peakOf, retention } from './curve.js';
import type { LiveFacts } from './facts.js';

const TOP_QUESTIONS = 10;
/** A day of minutes at most: a curve is for a show, not a multi-day window. */
const MAX_MINUTES = 24 * 60;

/**
 * The live report: the concurrency curve, watch times and drop-off, activity per minute,
 * top questions, poll results and offer clicks. The curves cover the minutes the room
 * counted viewers in (or, before anyone came, the scheduled time), labelled in the event's zone.
 */
export async function liveReport(
  facts: LiveFacts,
  event: EventRow,
  viewers: ViewerFact[],
): Promise<LiveReportView> {
  const id = event.id;
  const [concurrency, chat, questions, pollAnswers, offerFacts, top, votes, polls, offers, checkins] =
    await Promise.all([
      facts.concurrency(id),
      facts.chat(id),
      facts.questions(id),
      facts.pollAnswers(id),
      facts.offerInteractions(id),
      facts.topQuestions(id, TOP_QUESTIONS),
      facts.questionVotes(id),
      facts.polls(id),
      facts.offers(id),
      facts.checkins(id),
    ]);
  const counted = [...concurrency.keys()];
  const window =
    counted.length > 0
      ? { from: counted[0]!, to: counted[counted.length - 1]!, source: 'concurrency' as const }
      : { from: minuteOf(event.starts_at), to: minuteOf(event.ends_at), source: 'schedule' as const };
  const minutes = minutesBetween(window.from, window.to).slice(0, MAX_MINUTES);
  const local = (minute: string) => utcToZonedLocal(new Date(minute), event.timezone);

  const clicks = new Map<string, number>();
  for (const f of offerFacts)
    if (f.type === 'offer_click') clicks.set(f.minute, (clicks.get(f.minute) ?? 0) + 1);
  const series = {
    viewers: onMinutes(minutes, concurrency),
    chat: onMinutes(minutes, chat),
    questions: onMinutes(minutes, questions),
    poll_answers: onMinutes(minutes, pollAnswers),
    offer_clicks: onMinutes(minutes, clicks),
  };
  const peak = peakOf(minutes, series.viewers);
  const live = viewers.filter((v) => v.liveSeconds > 0).map((v) => v.liveSeconds);
  const replay = viewers.filter((v) => v.replaySeconds > 0).map((v) => v.replaySeconds);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const ofType = (type: string) => offerFacts.filter((f) => f.type === type);

  return {
    event: eventRef(event),
    window,
    peak: peak && { viewers: peak.value, minute: peak.minute, local_time: local(peak.minute) },
    watch: {
      live_viewers: live.length,
      average_seconds: mean(live),
      median_seconds: median(live),
      replay_viewers: replay.length,
      replay_average_seconds: mean(replay),
      replay_median_seconds: median(replay),
    },
    minutes: minutes.map((minute, i) => ({
      minute,
      local_time: local(minute),
      viewers: series.viewers[i]!,
      chat: series.chat[i]!,
      questions: series.questions[i]!,
      poll_answers: series.poll_answers[i]!,
      offer_clicks: series.offer_clicks[i]!,
    })),
    drop_off: retention(live),
    totals: {
      chat: sum(chat),
      questions: sum(questions),
      question_votes: votes,
      poll_answers: sum(pollAnswers),
      offer_clicks: ofType('offer_click').length,
      offer_downloads: ofType('offer_download').length,
      checkins,
    },
    top_questions: top,
    polls: polls.map((p) => ({
      id: p.id,
      question: p.question,
      kind: p.kind,
      status: p.status,
      respondents: p.respondents,
      options: p.options.map((label, i) => {
        const n = p.votes.get(i) ?? 0;
        return { label, votes: n, share: ratio(n, p.respondents) };
      }),
    })),
    offers: offers.map((o) => {
      const mine = offerFacts.filter((f) => f.offerId === o.id);
      const count = (type: string) => mine.filter((f) => f.type === type).length;
      return {
        id: o.id,
        title: o.title,
        status: o.status,
        clicks: count('offer_click'),
        forms: count('offer_form'),
        downloads: count('offer_download'),
        viewers: new Set(mine.map((f) => f.viewerId)).size,
      };
    }),
  };
}
