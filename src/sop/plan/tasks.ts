/**
 * Working on an event's tasks: assign to a member of the responsible group, change the
 * status (not applicable needs a reason), comment, attach deliverables. Every save
 * carries the version it was based on; a stale one is refused with the current task so
 * nothing is silently lost. Only the task's group (or the owner for owner tasks), the
 * owner and admins may work a task.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/audit.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import type { TaskPatch } from '../schemas.js';
import { canManage, isResponsible, type Person, type Team, type TeamService } from '../team.js';
import type { Plans, TaskRow } from './plan.js';

const validation = (fields: Record<string, string>) =>
  new AppError('VALIDATION_FAILED', 'Some fields are invalid', { fields });

export type TaskWork = ReturnType<typeof createTaskWork>;

export function createTaskWork(deps: {
  db: Kysely<Database>;
  clock: Clock;
  team: TeamService;
  plans: Plans;
}) {
  const { db, clock, team, plans } = deps;
  const now = () => clock.now().toISOString();

  async function getTask(eventId: string, taskId: string): Promise<TaskRow> {
    const row = await db
      .selectFrom('sop_tasks')
      .selectAll()
      .where('id', '=', taskId)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (!row) throw notFound('Task');
    return row;
  }

  /** The task and the team, if `person` may work on it. */
  async function workable(
    person: Person,
    eventId: string,
    taskId: string,
  ): Promise<{ task: TaskRow; team: Team }> {
    await plans.refresh(eventId);
    const task = await getTask(eventId, taskId);
    const current = await team.get(eventId);
    if (!canManage(current, person) && !isResponsible(current, person.id, task.responsible))
      throw forbidden('Only the responsible group, the owner or an admin can work on this task');
    return { task, team: current };
  }

  return {
    getTask,

    async comments(taskId: string) {
      return db
        .selectFrom('sop_task_comments as c')
        .leftJoin('users as u', 'u.id', 'c.author_id')
        .select(['c.id', 'c.author_id', 'u.name as author_name', 'c.body', 'c.created_at'])
        .where('c.task_id', '=', taskId)
        .orderBy('c.id')
        .execute();
    },

    attachments: (taskId: string) =>
      db.selectFrom('sop_task_attachments').selectAll().where('task_id', '=', taskId).orderBy('id').execute(),

    /**
     * Applies a change made from `patch.version`. A stale version answers CONFLICT with the
     * current task in `details.current` (the caller shows it and decides again).
     */
    async update(
      person: Person,
      eventId: string,
      taskId: string,
      patch: TaskPatch,
      view: (row: TaskRow) => unknown,
    ) {
      const { task, team: current } = await workable(person, eventId, taskId);
      if (task.version !== patch.version)
        throw new AppError(
          'CONFLICT',
          'Someone changed this task meanwhile: review their change and save again',
          {
            current: view(task),
          },
        );
      const set: Partial<TaskRow> = {};
      if (patch.assignee_id !== undefined) {
        if (patch.assignee_id !== null && !isResponsible(current, patch.assignee_id, task.responsible))
          throw validation({
            assignee_id:
              task.responsible === 'owner'
                ? 'Owner tasks are assigned to the event owner'
                : 'Choose a member of the responsible group',
          });
        set.assignee_id = patch.assignee_id;
      }
      if (patch.status !== undefined && patch.status !== task.status) {
        set.status = patch.status;
        set.status_reason = patch.status === 'not_applicable' ? (patch.reason ?? null) : null;
        const closing = patch.status === 'done' || patch.status === 'not_applicable';
        set.completed_at = closing ? now() : null;
        set.completed_by = closing ? person.id : null;
      } else if (patch.reason !== undefined && task.status === 'not_applicable') {
        set.status_reason = patch.reason;
      }
      if (Object.keys(set).length === 0) return task;
      // A person reopening a task the evidence closed keeps evidence_note: it is not closed again automatically.
      const result = await db
        .updateTable('sop_tasks')
        .set({ ...set, version: task.version + 1, updated_at: now() })
        .where('id', '=', taskId)
        .where('version', '=', patch.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0)
        throw new AppError(
          'CONFLICT',
          'Someone changed this task meanwhile: review their change and save again',
          {
            current: view(await getTask(eventId, taskId)),
          },
        );
      await recordAudit(db, clock, {
        actorType: 'user',
        actorId: person.id,
        action: 'sop.task_updated',
        targetType: 'event',
        targetId: eventId,
        details: { task_id: taskId, fields: Object.keys(set) },
      });
      return getTask(eventId, taskId);
    },

    async addComment(person: Person, eventId: string, taskId: string, body: string) {
      await workable(person, eventId, taskId);
      const row = { id: newId(), task_id: taskId, author_id: person.id, body, created_at: now() };
      await db.insertInto('sop_task_comments').values(row).execute();
      return row;
    },

    async addAttachment(
      person: Person,
      eventId: string,
      taskId: string,
      input: { kind: 'link'; label: string; url: string } | { kind: 'file'; label: string; file_id: string },
    ) {
      await workable(person, eventId, taskId);
      const row: Database['sop_task_attachments'] = {
        id: newId(),
        task_id: taskId,
        kind: input.kind,
        label: input.label,
        url: input.kind === 'link' ? input.url : null,
        file_id: input.kind === 'file' ? input.file_id : null,
        created_by: person.id,
        created_at: now(),
      };
      await db.insertInto('sop_task_attachments').values(row).execute();
      return row;
    },

    async removeAttachment(person: Person, eventId: string, taskId: string, attachmentId: string) {
      await workable(person, eventId, taskId);
      const result = await db
        .deleteFrom('sop_task_attachments')
        .where('id', '=', attachmentId)
        .where('task_id', '=', taskId)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw notFound('Attachment');
    },

    /** Tasks assigned to `userId` across events (open ones unless `includeClosed`), brought up to date. */
    async mine(userId: string, includeClosed: boolean) {
      const events = await db
        .selectFrom('sop_tasks')
        .select('event_id')
        .distinct()
        .where('assignee_id', '=', userId)
        .execute();
      for (const { event_id } of events) await plans.refresh(event_id);
      let q = db
        .selectFrom('sop_tasks as t')
        .innerJoin('events as e', 'e.id', 't.event_id')
        .selectAll('t')
        .select(['e.title as event_title', 'e.starts_at as event_starts_at', 'e.timezone as event_timezone'])
        .where('t.assignee_id', '=', userId)
        .orderBy('t.due_at')
        .limit(500);
      if (!includeClosed) q = q.where('t.status', 'in', ['open', 'in_progress']);
      return q.execute();
    },
  };
}
