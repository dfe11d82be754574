/**
 * An event's plan: the tasks a template leaves on it, with due dates from the event's
 * start in its zone. Re-applying shows its changes first and touches only open tasks;
 * closed tasks keep their dates and words. Moving the event moves every open task — the
 * plan remembers the start its dates were computed from (`anchor_*`) and catches up the
 * next time it is read, so no other domain has to call in. The same read completes tasks
 * whose evidence LeadCast can see (evidence.ts).
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/audit.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { isLocale } from '../../i18n/index.js';
import { newId } from '../../ids.js';
import type { Person, TeamService } from '../team.js';
import type { Template, TemplateStage, Templates, TemplateTask } from '../templates/templates.js';
import { dueAt } from './due.js';
import type { EvidenceRegistry } from './evidence.js';

export type TaskRow = Database['sop_tasks'];
type EventRow = Pick<Database['events'], 'id' | 'starts_at' | 'timezone' | 'language'>;

/** The fields of a task that come from its template; re-apply compares and copies these. */
const TEMPLATE_FIELDS = [
  'phase',
  'stage_title',
  'stage_position',
  'position',
  'title',
  'description',
  'responsible',
  'deliverable',
  'metric',
  'offset_days',
  'due_time',
  'evidence',
] as const;
type TemplateFields = Pick<TaskRow, (typeof TEMPLATE_FIELDS)[number]>;

const OPEN = ['open', 'in_progress'] as const;
const isOpen = (row: Pick<TaskRow, 'status'>) => row.status === 'open' || row.status === 'in_progress';

function fieldsOf(stage: TemplateStage, stagePosition: number, task: TemplateTask): TemplateFields {
  return {
    phase: stage.phase,
    stage_title: stage.title,
    stage_position: stagePosition,
    position: task.position,
    title: task.title,
    description: task.description,
    responsible: task.responsible,
    deliverable: task.deliverable,
    metric: task.metric,
    offset_days: task.offset_days,
    due_time: task.due_time,
    evidence: task.evidence,
  };
}

const dueOf = (event: EventRow, f: Pick<TaskRow, 'offset_days' | 'due_time'>) =>
  dueAt(new Date(event.starts_at), event.timezone, f.offset_days, f.due_time).toISOString();

export interface PlanChanges {
  added: { template_task_id: string; title: string; responsible: string; due_at: string }[];
  changed: { task_id: string; title: string; fields: string[] }[];
  removed: { task_id: string; title: string }[];
  /** Done or not-applicable tasks, which re-applying leaves as they are. */
  kept_closed: number;
}

/** What applying `template` to an event with `tasks` would do. Pure. */
export function planChanges(event: EventRow, template: Template, tasks: TaskRow[]): PlanChanges {
  const byTemplateTask = new Map(
    tasks.filter((t) => t.template_task_id).map((t) => [t.template_task_id!, t]),
  );
  const inTemplate = new Set<string>();
  const changes: PlanChanges = { added: [], changed: [], removed: [], kept_closed: 0 };
  template.stages.forEach((stage, stagePosition) => {
    for (const task of stage.tasks) {
      inTemplate.add(task.id);
      const fields = fieldsOf(stage, stagePosition, task);
      const current = byTemplateTask.get(task.id);
      if (!current) {
        changes.added.push({
          template_task_id: task.id,
          title: task.title,
          responsible: task.responsible,
          due_at: dueOf(event, fields),
        });
        continue;
      }
      if (!isOpen(current)) continue;
      const differ = TEMPLATE_FIELDS.filter(
        (k) => current[k] !== fields[k] && k !== 'position' && k !== 'stage_position',
      );
      if (differ.length) changes.changed.push({ task_id: current.id, title: current.title, fields: differ });
    }
  });
  for (const task of tasks) {
    if (!isOpen(task)) changes.kept_closed++;
    else if (task.template_task_id && !inTemplate.has(task.template_task_id))
      changes.removed.push({ task_id: task.id, title: task.title });
  }
  return changes;
}

export type Plans = ReturnType<typeof createPlans>;

export function createPlans(deps: {
  db: Kysely<Database>;
  clock: Clock;
  templates: Templates;
  team: TeamService;
  evidence: EvidenceRegistry;
}) {
  const { db, clock, templates, team, evidence } = deps;
  const now = () => clock.now().toISOString();

  async function eventOf(eventId: string): Promise<EventRow> {
    const event = await db
      .selectFrom('events')
      .select(['id', 'starts_at', 'timezone', 'language'])
      .where('id', '=', eventId)
      .executeTakeFirst();
    if (!event) throw notFound('Event');
    return event;
  }

  const tasksOf = (eventId: string) =>
    db
      .selectFrom('sop_tasks')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('due_at')
      .orderBy('stage_position')
      .orderBy('position')
      .execute();

  /** Recomputes open tasks' due dates when the event moved since they were computed. */
  async function reschedule(eventId: string) {
    const plan = await db
      .selectFrom('sop_plans')
      .selectAll()
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (!plan) return;
    const event = await db
      .selectFrom('events')
      .select(['id', 'starts_at', 'timezone', 'language'])
      .where('id', '=', eventId)
      .executeTakeFirst();
    // A deleted (draft) event leaves its plan behind: nothing to move, and nobody reads it.
    if (!event) return;
    if (plan.anchor_starts_at === event.starts_at && plan.anchor_timezone === event.timezone) return;
    await db.transaction().execute(async (trx) => {
      // Claims the move: a concurrent reader that finds the anchor already moved does nothing.
      const claimed = await trx
        .updateTable('sop_plans')
        .set({ anchor_starts_at: event.starts_at, anchor_timezone: event.timezone, updated_at: now() })
        .where('event_id', '=', eventId)
        .where('anchor_starts_at', '=', plan.anchor_starts_at)
        .where('anchor_timezone', '=', plan.anchor_timezone)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return;
      const open = await trx
        .selectFrom('sop_tasks')
        .select(['id', 'offset_days', 'due_time'])
        .where('event_id', '=', eventId)
        .where('status', 'in', [...OPEN])
        .execute();
      for (const task of open)
        await trx
          .updateTable('sop_tasks')
          .set({ due_at: dueOf(event, task) })
          .where('id', '=', task.id)
          .execute();
    });
  }

  /** Completes open tasks whose evidence holds; a task reopened by a person is left to people. */
  async function completeFromEvidence(eventId: string) {
    const candidates = await db
      .selectFrom('sop_tasks')
      .select(['id', 'evidence'])
      .where('event_id', '=', eventId)
      .where('status', 'in', [...OPEN])
      .where('evidence', 'is not', null)
      .where('evidence_note', 'is', null)
      .execute();
    const notes = new Map<string, string | null>();
    for (const task of candidates) {
      if (!evidence.has(task.evidence)) continue;
      if (!notes.has(task.evidence)) notes.set(task.evidence, await evidence.check(task.evidence, eventId));
      const note = notes.get(task.evidence);
      if (!note) continue;
      const at = now();
      await db
        .updateTable('sop_tasks')
        .set((eb) => ({
          status: 'done',
          completed_at: at,
          completed_by: null,
          evidence_note: note,
          status_reason: null,
          version: eb('version', '+', 1),
          updated_at: at,
        }))
        .where('id', '=', task.id)
        .where('status', 'in', [...OPEN])
        .where('evidence_note', 'is', null)
        .execute();
    }
  }

  const plans = {
    get: (eventId: string) =>
      db.selectFrom('sop_plans').selectAll().where('event_id', '=', eventId).executeTakeFirst(),

    /** Brings the plan up to date with the event (moved start, visible evidence). */
    async refresh(eventId: string): Promise<void> {
      await reschedule(eventId);
      await completeFromEvidence(eventId);
    },

    /** The event's tasks, brought up to date first. */
    async tasks(eventId: string): Promise<TaskRow[]> {
      await eventOf(eventId);
      await plans.refresh(eventId);
      return tasksOf(eventId);
    },

    async preview(eventId: string, templateId: string): Promise<PlanChanges> {
      const event = await eventOf(eventId);
      await plans.refresh(eventId);
      const template = await templates.get(templateId, event.language);
      return planChanges(event, template, await tasksOf(eventId));
    },

    /**
     * Applies a template: creates every task the first time; again (`reapply`), adds new
     * tasks, updates open ones and removes open ones the template dropped. Closed tasks and
     * tasks added on the event stay as they are.
     */
    async apply(person: Person, eventId: string, input: { template_id: string; reapply: boolean }) {
      const event = await eventOf(eventId);
      const current = await team.assertManager(eventId, person);
      const existing = await plans.get(eventId);
      if (existing && !input.reapply)
        throw new AppError(
          'INVALID_STATE',
          'This event already has a plan: preview the changes, then re-apply',
          {
            template_id: existing.template_id,
          },
        );
      await plans.refresh(eventId);
      const template = await templates.get(
        input.template_id,
        isLocale(event.language) ? event.language : 'en',
      );
      const tasks = await tasksOf(eventId);
      const changes = planChanges(event, template, tasks);
      const byTemplateTask = new Map(
        tasks.filter((t) => t.template_task_id).map((t) => [t.template_task_id!, t]),
      );
      const at = now();
      await db.transaction().execute(async (trx) => {
        const removed = changes.removed.map((r) => r.task_id);
        if (removed.length) {
          await trx.deleteFrom('sop_task_comments').where('task_id', 'in', removed).execute();
          await trx.deleteFrom('sop_task_attachments').where('task_id', 'in', removed).execute();
          await trx.deleteFrom('sop_tasks').where('id', 'in', removed).execute();
        }
        const inserts: TaskRow[] = [];
        for (const [stagePosition, stage] of template.stages.entries()) {
          for (const task of stage.tasks) {
            const fields = fieldsOf(stage, stagePosition, task);
            const row = byTemplateTask.get(task.id);
            if (!row) {
              inserts.push({
                id: newId(),
                event_id: eventId,
                template_task_id: task.id,
                ...fields,
                due_at: dueOf(event, fields),
                evidence_note: null,
                status: 'open',
                status_reason: null,
                assignee_id: fields.responsible === 'owner' ? (current.owner?.user_id ?? null) : null,
                completed_at: null,
                completed_by: null,
                version: 1,
                created_at: at,
                updated_at: at,
              });
            } else if (isOpen(row)) {
              const differs = TEMPLATE_FIELDS.some((k) => row[k] !== fields[k]);
              if (differs)
                await trx
                  .updateTable('sop_tasks')
                  .set((eb) => ({
                    ...fields,
                    due_at: dueOf(event, fields),
                    version: eb('version', '+', 1),
                    updated_at: at,
                  }))
                  .where('id', '=', row.id)
                  .execute();
            }
          }
        }
        if (inserts.length) await trx.insertInto('sop_tasks').values(inserts).execute();
        const plan = {
          template_id: template.id,
          template_name: template.name,
          template_version: template.version,
          locale: template.locale,
          anchor_starts_at: event.starts_at,
          anchor_timezone: event.timezone,
          applied_by: person.id,
          applied_at: at,
          updated_at: at,
        };
        await trx
          .insertInto('sop_plans')
          .values({ event_id: eventId, ...plan })
          .onConflict((oc) => oc.column('event_id').doUpdateSet(plan))
          .execute();
        await recordAudit(trx, clock, {
          actorType: 'user',
          actorId: person.id,
          action: existing ? 'sop.plan_reapplied' : 'sop.plan_applied',
          targetType: 'event',
          targetId: eventId,
          details: {
            template_id: template.id,
            added: changes.added.length,
            changed: changes.changed.length,
            removed: removed.length,
          },
        });
      });
      await completeFromEvidence(eventId);
      return changes;
    },

    /**
     * Deletes the project room of events that no longer exist (a deleted draft leaves its
     * team, plan, tasks, comments and attachments behind; events knows nothing of the SOP).
     * Run by the daily digest. Returns how many events were cleaned up.
     */
    async pruneDeletedEvents(): Promise<number> {
      const plans = await db.selectFrom('sop_plans').select('event_id').execute();
      const teams = await db.selectFrom('sop_teams').select('event_id').execute();
      const referenced = [...new Set([...plans, ...teams].map((r) => r.event_id))];
      if (referenced.length === 0) return 0;
      const existing = new Set(
        (await db.selectFrom('events').select('id').where('id', 'in', referenced).execute()).map((r) => r.id),
      );
      const ids = referenced.filter((id) => !existing.has(id));
      if (ids.length === 0) return 0;
      await db.transaction().execute(async (trx) => {
        const tasks = trx.selectFrom('sop_tasks').select('id').where('event_id', 'in', ids);
        await trx.deleteFrom('sop_task_comments').where('task_id', 'in', tasks).execute();
        await trx.deleteFrom('sop_task_attachments').where('task_id', 'in', tasks).execute();
        await trx.deleteFrom('sop_tasks').where('event_id', 'in', ids).execute();
        await trx.deleteFrom('sop_plans').where('event_id', 'in', ids).execute();
        await trx.deleteFrom('sop_team_members').where('event_id', 'in', ids).execute();
        await trx.deleteFrom('sop_teams').where('event_id', 'in', ids).execute();
      });
      return ids.length;
    },

    /** The event's plan as template stages (phase, stage, tasks in order), for "save as template". */
    async asStages(eventId: string): Promise<Omit<TemplateStage, 'id'>[]> {
      const tasks = (await plans.tasks(eventId)).sort(
        (a, b) => a.stage_position - b.stage_position || a.position - b.position,
      );
      const stages: Omit<TemplateStage, 'id'>[] = [];
      for (const t of tasks) {
        let stage = stages.find((s) => s.phase === t.phase && s.title === t.stage_title);
        if (!stage) {
          stage = { phase: t.phase, title: t.stage_title, position: stages.length, tasks: [] };
          stages.push(stage);
        }
        stage.tasks.push({
          id: '',
          position: stage.tasks.length,
          title: t.title,
          description: t.description,
          responsible: t.responsible,
          deliverable: t.deliverable,
          metric: t.metric,
          offset_days: t.offset_days,
          due_time: t.due_time,
          evidence: t.evidence,
        });
      }
      return stages;
    },
  };
  return plans;
}
