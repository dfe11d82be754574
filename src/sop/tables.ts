/**
 * The event project room: one owner and five groups per event, SOP templates (phases →
 * stages → tasks on a T-minus scale) and the tasks a template leaves on an event.
 * Type-only (the console imports the unions).
 */

/** The playbook's four phases, in order: 籌備 - 宣傳 - 直播 - 收尾. */
export const PHASES = ['prepare', 'promote', 'live', 'wrap_up'] as const;
export type Phase = (typeof PHASES)[number];

/** The playbook's five groups under the project owner. */
export const GROUPS = ['speakers', 'promotion', 'channels', 'production', 'conversion'] as const;
export type Group = (typeof GROUPS)[number];

/** Who is responsible for a task: one of the five groups, or the owner. */
export type Responsible = Group | 'owner';

export type TaskStatus = 'open' | 'in_progress' | 'done' | 'not_applicable';

/** Facts LeadCast can see for itself (src/sop/evidence.ts); a key without a check is ticked by people. */
export type EvidenceKey =
  | 'cover_uploaded'
  | 'speakers_added'
  | 'event_published'
  | 'rehearsal_received'
  | 'event_live'
  | 'replay_ready'
  | 'channel_created'
  | 'mqls_assigned';

export interface SopTables {
  sop_teams: {
    event_id: string;
    owner_id: string | null;
    updated_at: string;
  };
  sop_team_members: {
    event_id: string;
    group_name: Group;
    user_id: string;
    is_lead: number;
    created_at: string;
  };
  sop_templates: {
    id: string;
    name: string;
    description: string;
    locale: 'en' | 'zh-CN';
    /** Bumped on every change; a plan records the version it was built from. */
    version: number;
    source_event_id: string | null;
    created_by: string | null;
    created_at: string;
    updated_at: string;
  };
  sop_template_stages: {
    id: string;
    template_id: string;
    phase: Phase;
    title: string;
    position: number;
  };
  sop_template_tasks: {
    id: string;
    template_id: string;
    stage_id: string;
    position: number;
    title: string;
    description: string;
    responsible: Responsible;
    deliverable: string;
    metric: string;
    offset_days: number;
    /** Local `HH:MM` in the event's zone; null = the start of that local day. */
    due_time: string | null;
    evidence: EvidenceKey | null;
  };
  /** One per event with a plan: which template it came from, and the start its due dates were computed from. */
  sop_plans: {
    event_id: string;
    template_id: string;
    template_name: string;
    template_version: number;
    locale: 'en' | 'zh-CN';
    anchor_starts_at: string;
    anchor_timezone: string;
    applied_by: string | null;
    applied_at: string;
    updated_at: string;
  };
  sop_tasks: {
    id: string;
    event_id: string;
    /** The template task this came from (re-apply matches on it); null for tasks added on the event. */
    template_task_id: string | null;
    phase: Phase;
    stage_title: string;
    stage_position: number;
    position: number;
    title: string;
    description: string;
    responsible: Responsible;
    deliverable: string;
    metric: string;
    offset_days: number;
    due_time: string | null;
    due_at: string;
    evidence: EvidenceKey | null;
    evidence_note: string | null;
    status: TaskStatus;
    status_reason: string | null;
    assignee_id: string | null;
    completed_at: string | null;
    completed_by: string | null;
    version: number;
    created_at: string;
    updated_at: string;
  };
  sop_task_comments: {
    id: string;
    task_id: string;
    author_id: string | null;
    body: string;
    created_at: string;
  };
  sop_task_attachments: {
    id: string;
    task_id: string;
    kind: 'link' | 'file';
    label: string;
    url: string | null;
    file_id: string | null;
    created_by: string | null;
    created_at: string;
  };
  /** A person's choice about the daily SOP digest; no row = receives it. */
  sop_digest_preferences: {
    user_id: string;
    daily_digest: number;
    updated_at: string;
  };
}
