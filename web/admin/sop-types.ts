/** Shapes of the project room API (src/sop/views.ts); value sets come from src/sop/tables.ts. */
import type { EvidenceKey, Group, Phase, Responsible, TaskStatus } from '../../src/sop/tables.js';
import type { Locale, Role } from './types';

export type { EvidenceKey, Group, Phase, Responsible, TaskStatus };

export const groups: Group[] = ['speakers', 'promotion', 'channels', 'production', 'conversion'];
export const responsibles: Responsible[] = ['owner', ...groups];
export const phases: Phase[] = ['prepare', 'promote', 'live', 'wrap_up'];
export const statuses: TaskStatus[] = ['open', 'in_progress', 'done', 'not_applicable'];
export const evidenceKeys: EvidenceKey[] = [
  'cover_uploaded',
  'speakers_added',
  'event_published',
  'rehearsal_received',
  'event_live',
  'replay_ready',
  'channel_created',
  'mqls_assigned',
];

export interface SopTask {
  id: string;
  event_id: string;
  template_task_id: string | null;
  phase: Phase;
  stage: string;
  stage_position: number;
  position: number;
  title: string;
  description: string;
  responsible: Responsible;
  deliverable: string;
  metric: string;
  offset_days: number;
  t_label: string;
  due_time: string | null;
  due_at: string;
  status: TaskStatus;
  status_reason: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  completed_at: string | null;
  completed_by: string | null;
  evidence: { key: EvidenceKey; automatic: boolean; note: string | null } | null;
  risk: 'overdue' | 'due_soon' | null;
  version: number;
  updated_at: string;
}

export interface Team {
  event_id: string;
  owner: { user_id: string; name: string } | null;
  members: { group: Group; user_id: string; name: string; role: Role; is_lead: boolean }[];
  can_manage: boolean;
}

export interface Progress {
  key: string;
  total: number;
  closed: number;
}

export interface Room {
  plan: {
    template_id: string;
    template_name: string;
    template_version: number;
    locale: Locale;
    applied_at: string;
  } | null;
  event: { id: string; title: string; starts_at: string; timezone: string };
  tasks: SopTask[];
  readiness: {
    total: number;
    closed: number;
    phases: Progress[];
    groups: Progress[];
    at_risk: { task_id: string; reason: 'overdue' | 'due_soon' }[];
    ready_to_go_live: boolean;
    open_before_start: number;
  };
  timeline: { days: { offset: number; date: string; label: string }[]; today_offset: number };
  team: Team;
}

export interface Changes {
  added: { template_task_id: string; title: string }[];
  changed: { task_id: string; title: string; fields: string[] }[];
  removed: { task_id: string; title: string }[];
  kept_closed: number;
}

export interface TemplateSummary {
  id: string;
  name: string;
  description: string;
  locale: Locale;
  version: number;
  builtin: boolean;
  task_count: number;
}

export interface TemplateTask {
  id: string;
  position: number;
  title: string;
  description: string;
  responsible: Responsible;
  deliverable: string;
  metric: string;
  offset_days: number;
  t_label: string;
  due_time: string | null;
  evidence: EvidenceKey | null;
}

export interface Template extends Omit<TemplateSummary, 'task_count'> {
  stages: { id: string; phase: Phase; title: string; position: number; tasks: TemplateTask[] }[];
}

export interface Person {
  id: string;
  name: string;
  role: Role;
}

/** `YYYY-MM-DD` of an instant in `timeZone`. */
export function localDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}
