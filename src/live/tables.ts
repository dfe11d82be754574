import type { ReplayStatus } from './state.js';

export interface LiveTables {
  /**
   * One row per event that has a studio: its RTMP stream key, the random media path
   * its playlists live under (so media URLs cannot be derived from the event id), the
   * windows of time it was live (JSON `[{start, end}]`) and the replay's state.
   * The stream key is stored as is: the studio must show it to the producer, like
   * every streaming service does; rotating it is the remedy for a leak.
   */
  live_streams: {
    event_id: string;
    stream_key: string;
    media_path: string;
    live_windows: string;
    replay_status: ReplayStatus;
    replay_seconds: number | null;
    replay_error: string | null;
    key_rotated_at: string;
    created_at: string;
    updated_at: string;
  };
}
