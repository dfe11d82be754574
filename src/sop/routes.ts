import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Accounts } from '../accounts/accounts.js';
import type { Permission } from '../accounts/permissions.js';
import type { ErrorCode } from '../errors.js';
import type { Files } from '../files/files.js';
import { readUpload } from '../files/routes.js';
import { authorize } from '../http/guard.js';
import { parseInput } from '../validation.js';
import * as s from './schemas.js';
import type { Sop } from './sop.js';
import { canManage } from './team.js';
import { templateRoutes } from './templates/routes.js';
import * as v from './views.js';

type Id = { Params: { id: string } };
type Member = { Params: { id: string; group: string; userId: string } };
type TaskId = { Params: { id: string; taskId: string } };
type AttachmentId = { Params: { id: string; taskId: string; attachmentId: string } };
const tags = ['sop'];

/** The event project room's API: team, plan, tasks, my tasks, digest preference, templates. */
export function sopRoutes(app: FastifyInstance, deps: { accounts: Accounts; sop: Sop; files: Files }) {
  const { accounts, sop, files } = deps;
  const guard = (permission: Permission) => ({ preHandler: authorize(accounts, permission) });
  const doc = (
    operationId: string,
    summary: string,
    permission: Permission,
    response: z.ZodType,
    extra: { body?: z.ZodType; query?: z.ZodType; upload?: boolean; errors?: ErrorCode[] } = {},
  ) => ({ doc: { operationId, summary, tags, permission, response, ...extra } });
  const teamResponse = z.object({ team: v.teamSchema });
  const taskResponse = z.object({ task: v.taskSchema });
  const teamOf = async (eventId: string, person: Awaited<ReturnType<Sop['personOf']>>) => {
    const team = await sop.team.get(eventId);
    return { team: v.teamView(team, canManage(team, person)) };
  };
  const taskDetail = async (eventId: string, taskId: string) => {
    const task = await sop.tasks.getTask(eventId, taskId);
    return {
      task: await sop.taskView(task),
      comments: await sop.tasks.comments(taskId),
      attachments: (await sop.tasks.attachments(taskId)).map(v.attachmentView),
    };
  };

  app.get<Id>(
    '/api/v1/events/:id/sop',
    {
      ...guard('sop:read'),
      config: doc(
        'getSopRoom',
        'The project room: plan, tasks, readiness, timeline, team',
        'sop:read',
        v.planResponse,
      ),
    },
    async (req) => sop.room(req.params.id, await sop.personOf(req.actor!)),
  );

  app.get<Id>(
    '/api/v1/events/:id/sop/team',
    {
      ...guard('sop:read'),
      config: doc('getSopTeam', 'The event team: owner and five groups', 'sop:read', teamResponse),
    },
    async (req) => teamOf(req.params.id, await sop.personOf(req.actor!)),
  );

  app.put<Id>(
    '/api/v1/events/:id/sop/team/owner',
    {
      ...guard('sop:plan'),
      config: doc(
        'setSopOwner',
        'Set the event owner (owner or admin; anyone who plans while there is none)',
        'sop:plan',
        teamResponse,
        {
          body: s.ownerInput,
        },
      ),
    },
    async (req) => {
      const person = await sop.personOf(req.actor!);
      await sop.team.setOwner(person, req.params.id, parseInput(s.ownerInput, req.body).user_id);
      return teamOf(req.params.id, person);
    },
  );

  app.put<Member>(
    '/api/v1/events/:id/sop/team/:group/:userId',
    {
      ...guard('sop:plan'),
      config: doc(
        'putSopTeamMember',
        'Put a teammate in a group (or change whether they lead it)',
        'sop:plan',
        teamResponse,
        {
          body: s.memberInput,
        },
      ),
    },
    async (req) => {
      const person = await sop.personOf(req.actor!);
      const group = parseInput(s.group, req.params.group);
      const { is_lead } = parseInput(s.memberInput, req.body ?? {});
      await sop.team.putMember(person, req.params.id, group, req.params.userId, is_lead);
      return teamOf(req.params.id, person);
    },
  );

  app.delete<Member>(
    '/api/v1/events/:id/sop/team/:group/:userId',
    {
      ...guard('sop:plan'),
      config: doc(
        'removeSopTeamMember',
        'Take a teammate out of a group; their open tasks need reassign_to',
        'sop:plan',
        teamResponse,
        {
          query: s.removeMemberQuery,
          errors: ['INVALID_STATE'],
        },
      ),
    },
    async (req) => {
      const person = await sop.personOf(req.actor!);
      const group = parseInput(s.group, req.params.group);
      const { reassign_to } = parseInput(s.removeMemberQuery, req.query);
      await sop.team.removeMember(person, req.params.id, group, req.params.userId, reassign_to);
      return teamOf(req.params.id, person);
    },
  );

  app.post<Id>(
    '/api/v1/events/:id/sop/preview',
    {
      ...guard('sop:plan'),
      config: doc(
        'previewSopPlan',
        'What applying a template would add, change and remove',
        'sop:plan',
        z.object({ changes: v.changesSchema }),
        {
          body: s.previewInput,
        },
      ),
    },
    async (req) => ({
      changes: await sop.plans.preview(req.params.id, parseInput(s.previewInput, req.body).template_id),
    }),
  );

  app.post<Id>(
    '/api/v1/events/:id/sop/apply',
    {
      ...guard('sop:plan'),
      config: doc(
        'applySopTemplate',
        'Apply a template to the event (reapply: true once a plan exists)',
        'sop:plan',
        z.object({ changes: v.changesSchema }),
        {
          body: s.applyInput,
          errors: ['INVALID_STATE'],
        },
      ),
    },
    async (req) => ({
      changes: await sop.plans.apply(
        await sop.personOf(req.actor!),
        req.params.id,
        parseInput(s.applyInput, req.body),
      ),
    }),
  );

  app.get<TaskId>(
    '/api/v1/events/:id/sop/tasks/:taskId',
    {
      ...guard('sop:read'),
      config: doc('getSopTask', 'A task with its comments and attachments', 'sop:read', v.taskDetailResponse),
    },
    async (req) => {
      await sop.plans.refresh(req.params.id);
      return taskDetail(req.params.id, req.params.taskId);
    },
  );

  app.patch<TaskId>(
    '/api/v1/events/:id/sop/tasks/:taskId',
    {
      ...guard('sop:work'),
      config: doc(
        'updateSopTask',
        'Assign, start, finish or mark a task not applicable; send the version you read',
        'sop:work',
        taskResponse,
        {
          body: s.taskPatch,
          errors: ['CONFLICT'],
        },
      ),
    },
    async (req) => {
      const person = await sop.personOf(req.actor!);
      const row = await sop.tasks.update(
        person,
        req.params.id,
        req.params.taskId,
        parseInput(s.taskPatch, req.body),
        sop.taskViewSync,
      );
      return { task: await sop.taskView(row) };
    },
  );

  app.post<TaskId>(
    '/api/v1/events/:id/sop/tasks/:taskId/comments',
    {
      ...guard('sop:work'),
      config: doc(
        'addSopTaskComment',
        'Comment on a task',
        'sop:work',
        z.object({ comment: v.commentSchema }),
        {
          body: s.commentInput,
        },
      ),
    },
    async (req) => {
      const person = await sop.personOf(req.actor!);
      const { body } = parseInput(s.commentInput, req.body);
      const row = await sop.tasks.addComment(person, req.params.id, req.params.taskId, body);
      const comment = (await sop.tasks.comments(req.params.taskId)).find((c) => c.id === row.id)!;
      return { comment };
    },
  );

  app.post<TaskId>(
    '/api/v1/events/:id/sop/tasks/:taskId/attachments',
    {
      ...guard('sop:work'),
      config: doc(
        'addSopTaskLink',
        'Attach a deliverable as a link',
        'sop:work',
        z.object({ attachment: v.attachmentSchema }),
        {
          body: s.linkInput,
        },
      ),
    },
    async (req) => {
      const person = await sop.personOf(req.actor!);
      const input = parseInput(s.linkInput, req.body);
      const row = await sop.tasks.addAttachment(person, req.params.id, req.params.taskId, {
        kind: 'link',
        ...input,
      });
      return { attachment: v.attachmentView(row) };
    },
  );

  app.put<TaskId>(
    '/api/v1/events/:id/sop/tasks/:taskId/attachments/file',
    {
      ...guard('sop:work'),
      config: doc(
        'uploadSopTaskFile',
        'Attach a deliverable image (multipart field "file")',
        'sop:work',
        z.object({ attachment: v.attachmentSchema }),
        { upload: true },
      ),
    },
    async (req) => {
      const person = await sop.personOf(req.actor!);
      await sop.tasks.getTask(req.params.id, req.params.taskId);
      const file = await files.saveImage(await readUpload(req, files.maxBytes), person.id);
      const row = await sop.tasks.addAttachment(person, req.params.id, req.params.taskId, {
        kind: 'file',
        label: file.id,
        file_id: file.id,
      });
      return { attachment: v.attachmentView(row) };
    },
  );

  app.delete<AttachmentId>(
    '/api/v1/events/:id/sop/tasks/:taskId/attachments/:attachmentId',
    {
      ...guard('sop:work'),
      config: doc(
        'removeSopTaskAttachment',
        'Remove an attachment',
        'sop:work',
        z.object({ ok: z.literal(true) }),
      ),
    },
    async (req) => {
      const person = await sop.personOf(req.actor!);
      await sop.tasks.removeAttachment(person, req.params.id, req.params.taskId, req.params.attachmentId);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/sop/people',
    {
      ...guard('sop:read'),
      config: doc(
        'listSopPeople',
        'Active teammates who can join an event team',
        'sop:read',
        z.object({
          people: z.array(
            z.object({ id: z.string(), name: z.string(), role: z.enum(['admin', 'member', 'sales']) }),
          ),
        }),
      ),
    },
    async () => ({ people: await sop.team.people() }),
  );

  app.get(
    '/api/v1/sop/my-tasks',
    {
      ...guard('sop:read'),
      config: doc(
        'listMySopTasks',
        'My tasks across events, soonest first, and whether I get the daily digest',
        'sop:read',
        z.object({ tasks: z.array(v.myTaskSchema), daily_digest: z.boolean() }),
        { query: s.myTasksQuery },
      ),
    },
    async (req) => {
      const person = await sop.personOf(req.actor!);
      const { include_closed } = parseInput(s.myTasksQuery, req.query);
      const rows = await sop.tasks.mine(person.id, include_closed);
      const views = await sop.taskViews(rows);
      return {
        tasks: rows.map((r, i) => ({
          ...views[i]!,
          event_title: r.event_title,
          event_starts_at: r.event_starts_at,
          event_timezone: r.event_timezone,
        })),
        daily_digest: await sop.digest.preference(person.id),
      };
    },
  );

  app.put(
    '/api/v1/sop/digest',
    {
      ...guard('sop:read'),
      config: doc(
        'setSopDigestPreference',
        'Turn my daily task digest email on or off',
        'sop:read',
        s.digestPreference,
        {
          body: s.digestPreference,
        },
      ),
    },
    async (req) => {
      const person = await sop.personOf(req.actor!);
      const { daily_digest } = parseInput(s.digestPreference, req.body);
      await sop.digest.setPreference(person.id, daily_digest);
      return { daily_digest };
    },
  );

  templateRoutes(app, { accounts, sop });
}
