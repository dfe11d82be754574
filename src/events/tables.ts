export type EventFormat = 'slides_speaker' | 'interview' | 'onsite' | 'summit';
export type EventStatus = 'draft' | 'scheduled' | 'live' | 'ended' | 'on_demand';
export type SpeakerTier = 'executive' | 'customer' | 'kol' | 'partner' | 'expert' | 'host';
export type EventAccess = 'registration' | 'open';

export interface EventsTables {
  events: {
    id: string;
    slug: string;
    title: string;
    summary: string;
    topic: string;
    target_audience: string;
    pain_point: string;
    why_now: string;
    format: EventFormat;
    status: EventStatus;
    language: 'en' | 'zh-CN';
    timezone: string;
    starts_at: string;
    ends_at: string;
    cover_file_id: string | null;
    access: EventAccess;
    consent_text: string | null;
    consent_version: number;
    /** Bumped each time the start or end moves: the .ics `SEQUENCE`, so calendars take the change. */
    schedule_sequence: number;
    created_by: string | null;
    created_at: string;
    updated_at: string;
  };
  speakers: {
    id: string;
    event_id: string;
    name: string;
    title: string;
    company: string;
    bio: string;
    photo_file_id: string | null;
    tier: SpeakerTier;
    position: number;
    created_at: string;
    updated_at: string;
  };
  agenda_sessions: {
    id: string;
    event_id: string;
    title: string;
    description: string;
    starts_at: string;
    ends_at: string;
    position: number;
  };
  agenda_session_speakers: {
    agenda_session_id: string;
    speaker_id: string;
  };
}
