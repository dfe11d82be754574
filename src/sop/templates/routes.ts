import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Accounts } from '../../accounts/accounts.js';
import type { Permission } from '../../accounts/permissions.js';
import { AppError, type ErrorCode } from '../../errors.js';
import { authorize } from '../../http/guard.js';
import { parseInput } from '../../validation.js';
import * as s from '../schemas.js';
import type { Sop } from '../sop.js';
import * as v from '../views.js';

type TemplateId = { Params: { templateId: string } };
type TemplateTaskId = { Params: { templateId: string; taskId: string } };
const tags = ['sop'];
const localeQuery = z.object({ locale: s.locale.default('en') });

/** SOP templates: list, read, copy, rename, delete, edit tasks, save an event's plan as one. */
export function templateRoutes(app: FastifyInstance, deps: { accounts: Accounts; sop: Sop }) {
  const { accounts, sop } = deps;
  const guard = (permission: Permission) => ({ preHandler: authorize(accounts, permission) });
  const doc = (
    operationId: string,
    summary: string,
    permission: Permission,
    extra: { body?: z.ZodType; query?: z.ZodType; response?: z.ZodType; errors?: ErrorCode[] } = {},
  ) => ({ doc: { operationId, summary, tags, permission, response: templateResponse, ...extra } });
  const templateResponse = z.object({ template: v.templateSchema });
  const answer = (t: Parameters<typeof v.templateView>[0]) => ({ template: v.templateView(t) });
  const userId = async (req: { actor: Parameters<Sop['personOf']>[0] | null }) =>
    (await sop.personOf(req.actor!)).id;

  app.get(
    '/api/v1/sop/templates',
    {
      ...guard('sop:read'),
      config: doc(
        'listSopTemplates',
        'SOP templates: the built-in playbook (in the language asked for) and the team’s own',
        'sop:read',
        {
          query: localeQuery,
          response: z.object({ templates: z.array(v.templateSummarySchema) }),
        },
      ),
    },
    async (req) => ({ templates: await sop.templates.list(parseInput(localeQuery, req.query).locale) }),
  );

  app.get<TemplateId>(
    '/api/v1/sop/templates/:templateId',
    {
      ...guard('sop:read'),
      config: doc('getSopTemplate', 'A template with its stages and tasks', 'sop:read', {
        query: localeQuery,
      }),
    },
    async (req) =>
      answer(await sop.templates.get(req.params.templateId, parseInput(localeQuery, req.query).locale)),
  );

  app.post(
    '/api/v1/sop/templates',
    {
      ...guard('sop:plan'),
      config: doc('copySopTemplate', 'Copy a template under a new name', 'sop:plan', {
        body: s.templateCopyInput,
        // The template to copy (`from_id`) may not exist.
        errors: ['NOT_FOUND'],
      }),
    },
    async (req) => {
      const input = parseInput(s.templateCopyInput, req.body);
      return answer(await sop.templates.copy(input.from_id, input, await userId(req)));
    },
  );

  app.patch<TemplateId>(
    '/api/v1/sop/templates/:templateId',
    {
      ...guard('sop:plan'),
      config: doc('updateSopTemplate', 'Rename a template or change its description', 'sop:plan', {
        body: s.templatePatch,
        errors: ['INVALID_STATE'],
      }),
    },
    async (req) =>
      answer(await sop.templates.rename(req.params.templateId, parseInput(s.templatePatch, req.body))),
  );

  app.delete<TemplateId>(
    '/api/v1/sop/templates/:templateId',
    {
      ...guard('sop:plan'),
      config: doc('removeSopTemplate', 'Delete a template (plans made from it stay)', 'sop:plan', {
        response: z.object({ ok: z.literal(true) }),
        errors: ['INVALID_STATE'],
      }),
    },
    async (req) => {
      await sop.templates.remove(req.params.templateId);
      return { ok: true as const };
    },
  );

  app.post<TemplateId>(
    '/api/v1/sop/templates/:templateId/tasks',
    {
      ...guard('sop:plan'),
      config: doc('addSopTemplateTask', 'Add a task to a stage of a template', 'sop:plan', {
        body: s.templateTaskInput,
        errors: ['INVALID_STATE'],
      }),
    },
    async (req) =>
      answer(await sop.templates.addTask(req.params.templateId, parseInput(s.templateTaskInput, req.body))),
  );

  app.patch<TemplateTaskId>(
    '/api/v1/sop/templates/:templateId/tasks/:taskId',
    {
      ...guard('sop:plan'),
      config: doc(
        'updateSopTemplateTask',
        'Change or move a template task (offset, group, deliverable, stage, position…)',
        'sop:plan',
        {
          body: s.templateTaskPatch,
          errors: ['INVALID_STATE'],
        },
      ),
    },
    async (req) =>
      answer(
        await sop.templates.updateTask(
          req.params.templateId,
          req.params.taskId,
          parseInput(s.templateTaskPatch, req.body),
        ),
      ),
  );

  app.delete<TemplateTaskId>(
    '/api/v1/sop/templates/:templateId/tasks/:taskId',
    {
      ...guard('sop:plan'),
      config: doc('removeSopTemplateTask', 'Delete a template task', 'sop:plan', {
        errors: ['INVALID_STATE'],
      }),
    },
    async (req) => answer(await sop.templates.removeTask(req.params.templateId, req.params.taskId)),
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/events/:id/sop/save-as-template',
    {
      ...guard('sop:plan'),
      config: doc(
        'saveSopPlanAsTemplate',
        'Save the event’s plan (after its retrospective) as a new template',
        'sop:plan',
        {
          body: s.saveAsTemplateInput,
          errors: ['INVALID_STATE'],
        },
      ),
    },
    async (req) => {
      const person = await sop.personOf(req.actor!);
      await sop.team.assertManager(req.params.id, person);
      const input = parseInput(s.saveAsTemplateInput, req.body);
      const plan = await sop.plans.get(req.params.id);
      const stages = await sop.plans.asStages(req.params.id);
      if (!plan || stages.length === 0) throw new AppError('INVALID_STATE', 'This event has no plan to save');
      return answer(
        await sop.templates.create(
          {
            name: input.name,
            description: input.description,
            locale: plan.locale,
            source_event_id: req.params.id,
          },
          stages,
          person.id,
        ),
      );
    },
  );
}
