export type IngestSource = 'rtmp' | 'studio';

export interface StudioTables {
  /**
   * A personal link for a remote guest: bound to one of the event's speakers (their name
   * and title are the lower-third), unguessable, revocable. The token is kept as is, like
   * a join token: the host copies the link again from the studio.
   */
  studio_guests: {
    id: string;
    event_id: string;
    speaker_id: string;
    token: string;
    created_by: string | null;
    created_at: string;
    revoked_at: string | null;
  };
  /** Which ingest an event streams from; no row = an RTMP encoder (the default). */
  studio_settings: {
    event_id: string;
    ingest_source: IngestSource;
    updated_by: string | null;
    updated_at: string;
  };
}
