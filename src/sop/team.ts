/**
 * The event team: one owner accountable for the result and five groups of teammates (a
 * person may sit in several; a group may have one lead). Sales users may join the
 * conversion group only. Owner and admins manage the team; before an event has an owner,
 * anyone who may plan events sets it up.
 */
import type { Kysely } from 'kysely';
import type { Role } from '../accounts/tables.js';
import { recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { AppError, forbidden, notFound } from '../errors.js';
import { GROUPS, type Group, type Responsible } from './tables.js';

/** The teammate an action is taken for: a signed-in user, or the creator of an API token. */
export interface Person {
  id: string;
  role: Role;
}

export interface TeamMember {
  group: Group;
  user_id: string;
  name: string;
  role: Role;
  is_lead: boolean;
}
export interface Team {
  event_id: string;
  owner: { user_id: string; name: string } | null;
  members: TeamMember[];
}

const validation = (fields: Record<string, string>) =>
  new AppError('VALIDATION_FAILED', 'Some fields are invalid', { fields });

/** Who may act on a task of `responsible`: its group's members, or the owner for owner tasks. */
export function isResponsible(team: Team, userId: string, responsible: Responsible): boolean {
  if (responsible === 'owner') return team.owner?.user_id === userId;
  return team.members.some((m) => m.group === responsible && m.user_id === userId);
}

/** Owner and admins manage the team and the plan; without an owner, admins and members may. */
export function canManage(team: Team, person: Person): boolean {
  if (person.role === 'admin') return true;
  if (team.owner) return team.owner.user_id === person.id;
  return person.role === 'member';
}

export type TeamService = ReturnType<typeof createTeam>;

export function createTeam(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();
  const audit = (person: Person, action: string, eventId: string, details?: Record<string, unknown>) =>
    recordAudit(db, clock, {
      actorType: 'user',
      actorId: person.id,
      action,
      targetType: 'event',
      targetId: eventId,
      details,
    });

  async function activeUser(userId: string, field: string) {
    const user = await db
      .selectFrom('users')
      .select(['id', 'name', 'role', 'disabled_at'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user || user.disabled_at) throw validation({ [field]: 'Choose an active teammate' });
    return user;
  }

  async function assertEvent(eventId: string) {
    if (!(await db.selectFrom('events').select('id').where('id', '=', eventId).executeTakeFirst()))
      throw notFound('Event');
  }

  const team = {
    /** Active teammates, for choosing an owner and group members. */
    people: () =>
      db
        .selectFrom('users')
        .select(['id', 'name', 'role'])
        .where('disabled_at', 'is', null)
        .orderBy('name')
        .execute(),

    async get(eventId: string): Promise<Team> {
      await assertEvent(eventId);
      const row = await db
        .selectFrom('sop_teams as t')
        .leftJoin('users as u', 'u.id', 't.owner_id')
        .select(['t.owner_id', 'u.name'])
        .where('t.event_id', '=', eventId)
        .executeTakeFirst();
      const members = await db
        .selectFrom('sop_team_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.group_name', 'm.user_id', 'm.is_lead', 'u.name', 'u.role'])
        .where('m.event_id', '=', eventId)
        .orderBy('m.is_lead', 'desc')
        .orderBy('m.created_at')
        .orderBy('m.user_id')
        .execute();
      // The playbook's order of groups, each with its lead first.
      members.sort((a, b) => GROUPS.indexOf(a.group_name) - GROUPS.indexOf(b.group_name));
      return {
        event_id: eventId,
        owner: row?.owner_id ? { user_id: row.owner_id, name: row.name ?? '' } : null,
        members: members.map((m) => ({
          group: m.group_name,
          user_id: m.user_id,
          name: m.name,
          role: m.role,
          is_lead: m.is_lead === 1,
        })),
      };
    },

    async assertManager(eventId: string, person: Person): Promise<Team> {
      const current = await team.get(eventId);
      if (!canManage(current, person)) throw forbidden('Only the event owner or an admin can do this');
      return current;
    },

    /**
     * Makes `userId` the owner. Open owner tasks assigned to the previous owner move with
     * the role (the owner's tasks belong to whoever is accountable).
     */
    async setOwner(person: Person, eventId: string, userId: string): Promise<Team> {
      const current = await team.assertManager(eventId, person);
      const user = await activeUser(userId, 'user_id');
      if (user.role === 'sales') throw validation({ user_id: 'The owner must be an admin or a member' });
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('sop_teams')
          .values({ event_id: eventId, owner_id: userId, updated_at: now() })
          .onConflict((oc) => oc.column('event_id').doUpdateSet({ owner_id: userId, updated_at: now() }))
          .execute();
        let q = trx
          .updateTable('sop_tasks')
          .set((eb) => ({ assignee_id: userId, version: eb('version', '+', 1), updated_at: now() }))
          .where('event_id', '=', eventId)
          .where('responsible', '=', 'owner')
          .where('status', 'in', ['open', 'in_progress']);
        q = current.owner
          ? q.where((eb) =>
              eb.or([eb('assignee_id', '=', current.owner!.user_id), eb('assignee_id', 'is', null)]),
            )
          : q.where('assignee_id', 'is', null);
        await q.execute();
      });
      await audit(person, 'sop.owner_set', eventId, {
        user_id: userId,
        previous: current.owner?.user_id ?? null,
      });
      return team.get(eventId);
    },

    async putMember(
      person: Person,
      eventId: string,
      group: Group,
      userId: string,
      isLead: boolean,
    ): Promise<Team> {
      await team.assertManager(eventId, person);
      const user = await activeUser(userId, 'user_id');
      if (user.role === 'sales' && group !== 'conversion')
        throw validation({ user_id: 'Sales teammates can join the conversion group only' });
      await db.transaction().execute(async (trx) => {
        if (isLead)
          await trx
            .updateTable('sop_team_members')
            .set({ is_lead: 0 })
            .where('event_id', '=', eventId)
            .where('group_name', '=', group)
            .execute();
        await trx
          .insertInto('sop_team_members')
          .values({
            event_id: eventId,
            group_name: group,
            user_id: userId,
            is_lead: isLead ? 1 : 0,
            created_at: now(),
          })
          .onConflict((oc) =>
            oc.columns(['event_id', 'group_name', 'user_id']).doUpdateSet({ is_lead: isLead ? 1 : 0 }),
          )
          .execute();
      });
      await audit(person, 'sop.member_set', eventId, { group, user_id: userId, is_lead: isLead });
      return team.get(eventId);
    },

    /**
     * Takes someone out of a group. If they hold open tasks of that group, `reassignTo` (a
     * member of the same group) must take them over: nothing is left without an assignee
     * silently.
     */
    async removeMember(
      person: Person,
      eventId: string,
      group: Group,
      userId: string,
      reassignTo: string | undefined,
    ): Promise<Team> {
      const current = await team.assertManager(eventId, person);
      if (!current.members.some((m) => m.group === group && m.user_id === userId))
        throw notFound('Team member');
      const open = await db
        .selectFrom('sop_tasks')
        .select(['id', 'title'])
        .where('event_id', '=', eventId)
        .where('responsible', '=', group)
        .where('assignee_id', '=', userId)
        .where('status', 'in', ['open', 'in_progress'])
        .execute();
      if (open.length && !reassignTo)
        throw new AppError('INVALID_STATE', 'This teammate has open tasks: choose who takes them over', {
          tasks: open,
        });
      if (open.length && reassignTo) {
        if (
          reassignTo === userId ||
          !current.members.some((m) => m.group === group && m.user_id === reassignTo)
        )
          throw validation({ reassign_to: 'Choose another member of this group' });
      }
      await db.transaction().execute(async (trx) => {
        if (open.length)
          await trx
            .updateTable('sop_tasks')
            .set((eb) => ({ assignee_id: reassignTo!, version: eb('version', '+', 1), updated_at: now() }))
            .where(
              'id',
              'in',
              open.map((t) => t.id),
            )
            .execute();
        await trx
          .deleteFrom('sop_team_members')
          .where('event_id', '=', eventId)
          .where('group_name', '=', group)
          .where('user_id', '=', userId)
          .execute();
      });
      await audit(person, 'sop.member_removed', eventId, {
        group,
        user_id: userId,
        reassigned_to: reassignTo ?? null,
        tasks: open.length,
      });
      return team.get(eventId);
    },
  };
  return team;
}
