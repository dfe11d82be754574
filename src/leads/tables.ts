import type { Stage } from './lifecycle.js';

export type TouchKind = 'call' | 'email' | 'note';
export type RescoreStatus = 'running' | 'done' | 'superseded';

export interface LeadsTables {
  /** One row (id 'default'): the score rules as JSON and their version, bumped on each change. */
  lead_settings: {
    id: string;
    rules: string;
    version: number;
    updated_by: string | null;
    updated_at: string;
  };
  /** One lead per contact: its score, breakdown (JSON lines), stage and owner. */
  leads: {
    contact_id: string;
    score: number;
    breakdown: string;
    stage: Stage;
    owner_id: string | null;
    /** When the score first crossed the MQL threshold, and the breakdown (JSON) that did it. */
    mql_at: string | null;
    mql_facts: string | null;
    rules_version: number;
    scored_at: string;
    stage_changed_at: string;
    created_at: string;
  };
  /** Fit facts a contact gave (registration form answers) or sales learned. */
  lead_profiles: {
    contact_id: string;
    industry: string | null;
    company_size: string | null;
    purchase_timeline: string | null;
    budget: string | null;
    region: string | null;
    updated_at: string;
  };
  /** A registration's 1–10 engagement score for its event. */
  lead_engagement: {
    registration_id: string;
    event_id: string;
    contact_id: string;
    engagement: number;
    updated_at: string;
  };
  lead_stage_history: {
    id: string;
    contact_id: string;
    from_stage: Stage | null;
    to_stage: Stage;
    amount: number | null;
    currency: string | null;
    reason: string | null;
    actor_type: 'user' | 'token' | 'system';
    actor_id: string | null;
    at: string;
  };
  /** A call, email or note sales logged on a lead. */
  lead_touches: {
    id: string;
    contact_id: string;
    user_id: string | null;
    kind: TouchKind;
    outcome: string | null;
    note: string;
    at: string;
  };
  /** An event's MQL handed to an owner, with the follow-up deadline. */
  lead_assignments: {
    event_id: string;
    contact_id: string;
    owner_id: string;
    assigned_at: string;
    due_at: string;
    first_touch_at: string | null;
    overdue_at: string | null;
  };
  /** Per event: SLA hours, optional working hours (JSON) and assignment rules (JSON). */
  lead_event_settings: {
    event_id: string;
    sla_hours: number;
    working_hours: string | null;
    assignment_rules: string;
    updated_by: string | null;
    updated_at: string;
  };
  /** A salesperson's time zone (for working-hours deadlines) and whether they take round-robin leads. */
  lead_owners: { user_id: string; time_zone: string; in_pool: number; updated_at: string };
  /** A full re-score after a rule change, with its progress. */
  lead_rescores: {
    id: string;
    status: RescoreStatus;
    rules_version: number;
    total: number;
    done: number;
    requested_by: string | null;
    started_at: string;
    finished_at: string | null;
  };
}
