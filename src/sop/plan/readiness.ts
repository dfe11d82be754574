/**
 * Readiness of an event's plan, from its tasks: progress by phase and by group, the tasks
 * at risk (overdue, or due within 48 hours and not started), and whether everything due
 * before the start is done — the owner's "ready to go live". Pure.
 */
import { GROUPS, PHASES, type Phase, type Responsible, type TaskStatus } from '../tables.js';

export const AT_RISK_WINDOW_MS = 48 * 3_600_000;

export interface ReadinessTask {
  id: string;
  phase: Phase;
  responsible: Responsible;
  status: TaskStatus;
  due_at: string;
}

export type RiskReason = 'overdue' | 'due_soon';

export const isClosed = (status: TaskStatus) => status === 'done' || status === 'not_applicable';

/** Why a task is at risk at `now`, or null. */
export function riskOf(task: ReadinessTask, now: Date): RiskReason | null {
  if (isClosed(task.status)) return null;
  const due = Date.parse(task.due_at);
  if (due < now.getTime()) return 'overdue';
  if (task.status === 'open' && due - now.getTime() <= AT_RISK_WINDOW_MS) return 'due_soon';
  return null;
}

const progress = <K extends string>(
  keys: readonly K[],
  tasks: ReadinessTask[],
  keyOf: (t: ReadinessTask) => K,
) =>
  keys
    .map((key) => {
      const mine = tasks.filter((t) => keyOf(t) === key);
      return { key, total: mine.length, closed: mine.filter((t) => isClosed(t.status)).length };
    })
    .filter((p) => p.total > 0);

export function readiness(tasks: ReadinessTask[], eventStart: Date, now: Date) {
  const beforeStart = tasks.filter((t) => Date.parse(t.due_at) <= eventStart.getTime());
  const blocking = beforeStart.filter((t) => !isClosed(t.status));
  return {
    total: tasks.length,
    closed: tasks.filter((t) => isClosed(t.status)).length,
    phases: progress(PHASES, tasks, (t) => t.phase),
    groups: progress(['owner', ...GROUPS] as Responsible[], tasks, (t) => t.responsible),
    at_risk: tasks
      .map((t) => ({ task_id: t.id, reason: riskOf(t, now) }))
      .filter((r): r is { task_id: string; reason: RiskReason } => r.reason !== null),
    // No plan (no tasks) is not "ready": nothing shows the event is prepared.
    ready_to_go_live: tasks.length > 0 && blocking.length === 0,
    open_before_start: blocking.length,
  };
}
