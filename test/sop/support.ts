import type { StaffClient } from '../support/harness.js';

export interface TaskJson {
  id: string;
  template_task_id: string | null;
  title: string;
  responsible: string;
  offset_days: number;
  t_label: string;
  due_at: string;
  status: string;
  status_reason: string | null;
  assignee_id: string | null;
  evidence: { key: string; automatic: boolean; note: string | null } | null;
  risk: string | null;
  version: number;
}

export async function room(client: StaffClient, eventId: string) {
  const res = await client.request({ url: `/api/v1/events/${eventId}/sop` });
  if (res.statusCode !== 200) throw new Error(`room failed: ${res.body}`);
  return res.json() as {
    plan: { template_id: string; template_version: number } | null;
    tasks: TaskJson[];
    readiness: {
      total: number;
      closed: number;
      phases: { key: string; total: number; closed: number }[];
      groups: { key: string; total: number; closed: number }[];
      at_risk: { task_id: string; reason: string }[];
      ready_to_go_live: boolean;
      open_before_start: number;
    };
    timeline: { days: { offset: number; date: string }[]; today_offset: number };
    team: {
      owner: { user_id: string } | null;
      members: { group: string; user_id: string }[];
      can_manage: boolean;
    };
  };
}

export const byKey = (tasks: TaskJson[], key: string) => {
  const task = tasks.find((t) => t.template_task_id === `playbook:${key}`);
  if (!task) throw new Error(`no task ${key}`);
  return task;
};

export async function putMember(
  client: StaffClient,
  eventId: string,
  group: string,
  userId: string,
  isLead = false,
) {
  return client.request({
    method: 'PUT',
    url: `/api/v1/events/${eventId}/sop/team/${group}/${userId}`,
    payload: { is_lead: isLead },
  });
}

export const patchTask = (
  client: StaffClient,
  eventId: string,
  taskId: string,
  payload: Record<string, unknown>,
) => client.request({ method: 'PATCH', url: `/api/v1/events/${eventId}/sop/tasks/${taskId}`, payload });
