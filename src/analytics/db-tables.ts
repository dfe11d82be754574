import type { Generated } from 'kysely';

export interface AnalyticsTables {
  /** A person's choice about the weekly review email; no row = does not receive it. */
  analytics_weekly_email_preferences: {
    user_id: string;
    weekly_email: number;
    updated_at: string;
  };
  /** An event's weekly-review figures to date, computed from its facts (review/rollups.ts). */
  analytics_event_rollups: {
    event_id: string;
    registrations: number;
    attendees: number;
    attendees_live: number;
    attendees_replay: number;
    /** JSON `EventInfluence`; null when no leads source was available. */
    influence: string | null;
    computed_at: string;
  };
  /** Events whose facts changed since their rollup: written by triggers (migration 0720). */
  analytics_changes: {
    /** SQLite gives a number, PostgreSQL's bigserial a string. */
    id: Generated<number | string>;
    event_id: string;
  };
}
