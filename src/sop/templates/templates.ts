/**
 * SOP templates: the built-in playbook template (data in default-template.ts, read-only,
 * in the language asked for) and the team's own templates in the database, which are
 * edited task by task, copied, or saved from an event's plan. Both read as one shape.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import type { Locale } from '../../i18n/index.js';
import { newId } from '../../ids.js';
import type { TemplateTaskInput, TemplateTaskPatch } from '../schemas.js';
import { type EvidenceKey, PHASES, type Phase, type Responsible } from '../tables.js';
import { DEFAULT_TEMPLATE_ID, defaultStages, defaultTemplateInfo } from './default-template.js';

export interface TemplateTask {
  id: string;
  position: number;
  title: string;
  description: string;
  responsible: Responsible;
  deliverable: string;
  metric: string;
  offset_days: number;
  due_time: string | null;
  evidence: EvidenceKey | null;
}
export interface TemplateStage {
  id: string;
  phase: Phase;
  title: string;
  position: number;
  tasks: TemplateTask[];
}
export interface Template {
  id: string;
  name: string;
  description: string;
  locale: Locale;
  version: number;
  builtin: boolean;
  source_event_id: string | null;
  updated_at: string | null;
  stages: TemplateStage[];
}

/** Bumped whenever default-template.ts changes, so plans show they came from an older default. */
export const DEFAULT_TEMPLATE_VERSION = 1;

export function builtinTemplate(locale: Locale): Template {
  return {
    id: DEFAULT_TEMPLATE_ID,
    name: defaultTemplateInfo.name[locale],
    description: defaultTemplateInfo.description[locale],
    locale,
    version: DEFAULT_TEMPLATE_VERSION,
    builtin: true,
    source_event_id: null,
    updated_at: null,
    stages: defaultStages.map((stage, position) => ({
      id: `${DEFAULT_TEMPLATE_ID}:${stage.key}`,
      phase: stage.phase,
      title: stage.title[locale],
      position,
      tasks: stage.tasks.map((t, i) => ({
        id: `${DEFAULT_TEMPLATE_ID}:${t.key}`,
        position: i,
        title: t.title[locale],
        description: '',
        responsible: t.responsible,
        deliverable: t.deliverable[locale],
        metric: t.metric[locale],
        offset_days: t.offset_days,
        due_time: t.due_time,
        evidence: t.evidence,
      })),
    })),
  };
}

const validation = (fields: Record<string, string>) =>
  new AppError('VALIDATION_FAILED', 'Some fields are invalid', { fields });
const readOnly = () =>
  new AppError('INVALID_STATE', 'The default template cannot be changed; copy it and change the copy');

/** Phase order, then stage position: a template reads top to bottom in SOP order. */
const stageOrder = (a: { phase: Phase; position: number }, b: { phase: Phase; position: number }) =>
  PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || a.position - b.position;

export type Templates = ReturnType<typeof createTemplates>;

export function createTemplates(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();

  async function load(id: string): Promise<Template | undefined> {
    const row = await db.selectFrom('sop_templates').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const stages = await db
      .selectFrom('sop_template_stages')
      .selectAll()
      .where('template_id', '=', id)
      .execute();
    const tasks = await db
      .selectFrom('sop_template_tasks')
      .selectAll()
      .where('template_id', '=', id)
      .orderBy('position')
      .execute();
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      locale: row.locale,
      version: row.version,
      builtin: false,
      source_event_id: row.source_event_id,
      updated_at: row.updated_at,
      stages: stages.sort(stageOrder).map((s) => ({
        id: s.id,
        phase: s.phase,
        title: s.title,
        position: s.position,
        tasks: tasks
          .filter((t) => t.stage_id === s.id)
          .map((t) => ({
            id: t.id,
            position: t.position,
            title: t.title,
            description: t.description,
            responsible: t.responsible,
            deliverable: t.deliverable,
            metric: t.metric,
            offset_days: t.offset_days,
            due_time: t.due_time,
            evidence: t.evidence,
          })),
      })),
    };
  }

  /** Writes a whole template (stages and tasks) as a new stored template; returns its id. */
  async function insertTemplate(
    trx: Kysely<Database>,
    head: {
      name: string;
      description: string;
      locale: Locale;
      source_event_id: string | null;
      created_by: string | null;
    },
    stages: Omit<TemplateStage, 'id'>[],
  ): Promise<string> {
    const id = newId();
    const at = now();
    await trx
      .insertInto('sop_templates')
      .values({ id, ...head, version: 1, created_at: at, updated_at: at })
      .execute();
    for (const [position, stage] of stages.entries()) {
      const stageId = newId();
      await trx
        .insertInto('sop_template_stages')
        .values({ id: stageId, template_id: id, phase: stage.phase, title: stage.title, position })
        .execute();
      if (stage.tasks.length === 0) continue;
      await trx
        .insertInto('sop_template_tasks')
        .values(
          stage.tasks.map((t, i) => ({
            id: newId(),
            template_id: id,
            stage_id: stageId,
            position: i,
            title: t.title,
            description: t.description,
            responsible: t.responsible,
            deliverable: t.deliverable,
            metric: t.metric,
            offset_days: t.offset_days,
            due_time: t.due_time,
            evidence: t.evidence,
          })),
        )
        .execute();
    }
    return id;
  }

  async function stored(id: string): Promise<Template> {
    if (id === DEFAULT_TEMPLATE_ID) throw readOnly();
    const template = await load(id);
    if (!template) throw notFound('Template');
    return template;
  }

  const bump = (trx: Kysely<Database>, id: string) =>
    trx
      .updateTable('sop_templates')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: now() }))
      .where('id', '=', id)
      .execute();

  return {
    /** A template by id; the built-in one in `locale`. */
    async get(id: string, locale: Locale): Promise<Template> {
      if (id === DEFAULT_TEMPLATE_ID) return builtinTemplate(locale);
      const template = await load(id);
      if (!template) throw notFound('Template');
      return template;
    },

    async list(locale: Locale) {
      const rows = await db.selectFrom('sop_templates').selectAll().orderBy('name').execute();
      const counts = await db
        .selectFrom('sop_template_tasks')
        .select(['template_id', (eb) => eb.fn.countAll().as('n')])
        .groupBy('template_id')
        .execute();
      const builtin = builtinTemplate(locale);
      return [
        {
          id: builtin.id,
          name: builtin.name,
          description: builtin.description,
          locale,
          version: builtin.version,
          builtin: true,
          task_count: builtin.stages.reduce((n, s) => n + s.tasks.length, 0),
          updated_at: null,
        },
        ...rows.map((r) => ({
          id: r.id,
          name: r.name,
          description: r.description,
          locale: r.locale,
          version: r.version,
          builtin: false,
          task_count: Number(counts.find((c) => c.template_id === r.id)?.n ?? 0),
          updated_at: r.updated_at,
        })),
      ];
    },

    /** A copy of a template (the built-in one in `locale`) under a new name. */
    async copy(
      fromId: string,
      input: { name: string; locale: Locale },
      userId: string | null,
    ): Promise<Template> {
      const from = await this.get(fromId, input.locale);
      const id = await db.transaction().execute((trx) =>
        insertTemplate(
          trx,
          {
            name: input.name,
            description: from.description,
            locale: from.builtin ? input.locale : from.locale,
            source_event_id: from.source_event_id,
            created_by: userId,
          },
          from.stages,
        ),
      );
      return (await load(id))!;
    },

    /** Saves stages and tasks (an event's plan) as a new template. */
    async create(
      head: { name: string; description: string; locale: Locale; source_event_id: string | null },
      stages: Omit<TemplateStage, 'id'>[],
      userId: string | null,
    ): Promise<Template> {
      const id = await db
        .transaction()
        .execute((trx) => insertTemplate(trx, { ...head, created_by: userId }, stages));
      return (await load(id))!;
    },

    async rename(id: string, patch: { name?: string; description?: string }): Promise<Template> {
      await stored(id);
      await db
        .updateTable('sop_templates')
        .set((eb) => ({ ...patch, version: eb('version', '+', 1), updated_at: now() }))
        .where('id', '=', id)
        .execute();
      return (await load(id))!;
    },

    async remove(id: string): Promise<void> {
      await stored(id);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sop_template_tasks').where('template_id', '=', id).execute();
        await trx.deleteFrom('sop_template_stages').where('template_id', '=', id).execute();
        await trx.deleteFrom('sop_templates').where('id', '=', id).execute();
      });
    },

    async addTask(id: string, input: TemplateTaskInput): Promise<Template> {
      const template = await stored(id);
      const stage = template.stages.find((s) => s.id === input.stage_id);
      if (!stage) throw validation({ stage_id: 'Choose a stage of this template' });
      await db.transaction().execute(async (trx) => {
        const { stage_id, position, ...fields } = input;
        const at = Math.min(position ?? stage.tasks.length, stage.tasks.length);
        await shiftFrom(trx, stage_id, at, 1);
        await trx
          .insertInto('sop_template_tasks')
          .values({ id: newId(), template_id: id, stage_id, position: at, ...fields })
          .execute();
        await bump(trx, id);
      });
      return (await load(id))!;
    },

    /** Changes a task; a new stage or position moves it (the tasks after it close up). */
    async updateTask(id: string, taskId: string, patch: TemplateTaskPatch): Promise<Template> {
      const template = await stored(id);
      const from = template.stages.find((s) => s.tasks.some((t) => t.id === taskId));
      const current = from?.tasks.find((t) => t.id === taskId);
      if (!from || !current) throw notFound('Template task');
      const to = template.stages.find((s) => s.id === (patch.stage_id ?? from.id));
      if (!to) throw validation({ stage_id: 'Choose a stage of this template' });
      const { stage_id: _s, position, ...fields } = patch;
      await db.transaction().execute(async (trx) => {
        if (to.id !== from.id || (position !== undefined && position !== current.position)) {
          await shiftFrom(trx, from.id, current.position + 1, -1);
          const size = to.tasks.length - (to.id === from.id ? 1 : 0);
          const at = Math.min(position ?? size, size);
          await shiftFrom(trx, to.id, at, 1, taskId);
          await trx
            .updateTable('sop_template_tasks')
            .set({ stage_id: to.id, position: at })
            .where('id', '=', taskId)
            .execute();
        }
        if (Object.keys(fields).length)
          await trx.updateTable('sop_template_tasks').set(fields).where('id', '=', taskId).execute();
        await bump(trx, id);
      });
      return (await load(id))!;
    },

    async removeTask(id: string, taskId: string): Promise<Template> {
      const template = await stored(id);
      const stage = template.stages.find((s) => s.tasks.some((t) => t.id === taskId));
      const current = stage?.tasks.find((t) => t.id === taskId);
      if (!stage || !current) throw notFound('Template task');
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sop_template_tasks').where('id', '=', taskId).execute();
        await shiftFrom(trx, stage.id, current.position + 1, -1);
        await bump(trx, id);
      });
      return (await load(id))!;
    },
  };

  /** Moves the tasks of a stage at `from` or later by `by` places (except `except`). */
  async function shiftFrom(
    trx: Kysely<Database>,
    stageId: string,
    from: number,
    by: number,
    except?: string,
  ) {
    let q = trx
      .updateTable('sop_template_tasks')
      .set((eb) => ({ position: eb('position', '+', by) }))
      .where('stage_id', '=', stageId)
      .where('position', '>=', from);
    if (except) q = q.where('id', '!=', except);
    await q.execute();
  }
}
