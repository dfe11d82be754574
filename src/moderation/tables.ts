export type MuteDuration = '1d' | '7d' | '15d' | 'permanent';
export type FilterAction = 'block' | 'hold';

/**
 * Chat moderation, modelled on the community rules in the playbook: mute 1 / 7 / 15
 * days or permanently, reports from viewers, appeals against a mute. A mute names the
 * contact when the viewer is registered, so it follows the person across events.
 */
export interface ModerationTables {
  moderation_mutes: {
    id: string;
    event_id: string;
    viewer_id: string;
    contact_id: string | null;
    display_name: string;
    duration: MuteDuration;
    until: string | null;
    reason: string;
    created_by: string;
    created_at: string;
    lifted_at: string | null;
    lifted_by: string | null;
    /**
     * For anonymous viewers: a keyed hash of their address and browser (src/moderation/client-key.ts),
     * so clearing storage (a new `anon_…` id) does not lift the mute. Null for registered viewers.
     */
    client_key: string | null;
  };
  moderation_reports: {
    id: string;
    event_id: string;
    message_id: string;
    reporter_viewer_id: string;
    reason: string;
    status: 'open' | 'resolved' | 'dismissed';
    created_at: string;
    decided_by: string | null;
    decided_at: string | null;
  };
  moderation_appeals: {
    id: string;
    event_id: string;
    mute_id: string;
    viewer_id: string;
    body: string;
    status: 'open' | 'granted' | 'denied';
    created_at: string;
    decided_by: string | null;
    decided_at: string | null;
  };
  /** An event's tuning of the scored screen (src/moderation/screen/policy.ts), as JSON; defaults when absent. */
  moderation_policies: {
    event_id: string;
    policy: string;
    updated_by: string;
    updated_at: string;
  };
  /** The team's own filters; the default list lives in code (src/moderation/filters.ts). */
  moderation_filters: {
    id: string;
    pattern: string;
    kind: 'keyword' | 'regex';
    action: FilterAction;
    created_by: string;
    created_at: string;
  };
}
