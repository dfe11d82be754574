import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { hashToken, newId, newSecretToken } from '../ids.js';
import { dummyHashPromise, hashPassword, verifyPassword } from './passwords.js';
import type { Permission } from './permissions.js';
import type { Role } from './tables.js';

export type User = Database['users'];
export type PublicUser = Omit<User, 'password_hash'>;

export interface SessionInfo {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

/** Who is making a staff request: a signed-in user, or an integration's API token. */
export type Actor =
  | { kind: 'user'; user: PublicUser; sessionId: string; csrfToken: string }
  | { kind: 'token'; tokenId: string; name: string; scopes: Permission[]; createdBy: string };

const SETUP_KEY = 'setup_token_hash';
const INVITE_DAYS = 7;
const TOUCH_EVERY_MS = 60_000;
const HOUR = 3_600_000;

export const toPublicUser = ({ password_hash: _, ...user }: User): PublicUser => user;
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const tokenActor = (row: Database['api_tokens']): Extract<Actor, { kind: 'token' }> => ({
  kind: 'token',
  tokenId: row.id,
  name: row.name,
  scopes: JSON.parse(row.scopes) as Permission[],
  createdBy: row.created_by,
});

export type Accounts = ReturnType<typeof createAccounts>;

export function createAccounts(deps: { db: Kysely<Database>; clock: Clock; config: Config }) {
  const { db, clock, config } = deps;
  const now = () => clock.now();

  /**
   * The user behind a session id (the hash of the cookie's token), enforcing idle and
   * absolute expiry (an expired session is deleted). `touch` records the activity that
   * keeps the session from idling out.
   */
  async function sessionActor(
    id: string,
    touch: boolean,
  ): Promise<Extract<Actor, { kind: 'user' }> | undefined> {
    const row = await db
      .selectFrom('user_sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select([
        's.csrf_token',
        's.last_seen_at',
        's.expires_at',
        'u.id',
        'u.email',
        'u.name',
        'u.role',
        'u.locale',
        'u.created_at',
        'u.updated_at',
        'u.disabled_at',
      ])
      .where('s.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const t = now().getTime();
    const idleLimit = Date.parse(row.last_seen_at) + config.session.idleHours * HOUR;
    if (row.disabled_at || t >= Date.parse(row.expires_at) || t >= idleLimit) {
      await db.deleteFrom('user_sessions').where('id', '=', id).execute();
      return undefined;
    }
    if (touch && t - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
      await db
        .updateTable('user_sessions')
        .set({ last_seen_at: new Date(t).toISOString() })
        .where('id', '=', id)
        .execute();
    }
    const { csrf_token, last_seen_at: _l, expires_at: _e, ...user } = row;
    return { kind: 'user', user, sessionId: id, csrfToken: csrf_token };
  }

  async function startSession(userId: string, userAgent: string | undefined): Promise<SessionInfo> {
    const token = newSecretToken();
    const csrfToken = newSecretToken(24);
    const created = now();
    const expiresAt = new Date(created.getTime() + config.session.maxDays * 24 * HOUR).toISOString();
    await db
      .insertInto('user_sessions')
      .values({
        id: hashToken(token),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: created.toISOString(),
        last_seen_at: created.toISOString(),
        expires_at: expiresAt,
        user_agent: userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    return { token, csrfToken, expiresAt };
  }

  async function countUsers(): Promise<number> {
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async function insertUser(input: {
    email: string;
    name: string;
    password: string;
    role: Role;
    locale: User['locale'];
  }) {
    const email = normaliseEmail(input.email);
    const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (existing)
      throw new AppError('CONFLICT', 'A teammate with this email already exists', {
        fields: { email: 'Already in use' },
      });
    const at = now().toISOString();
    const user: User = {
      id: newId(),
      email,
      name: input.name.trim(),
      password_hash: await hashPassword(input.password),
      role: input.role,
      locale: input.locale,
      created_at: at,
      updated_at: at,
      disabled_at: null,
    };
    await db.insertInto('users').values(user).execute();
    return user;
  }

  return {
    /** True until the first administrator exists. */
    async needsSetup(): Promise<boolean> {
      return (await countUsers()) === 0;
    },

    /**
     * While no user exists, issues a fresh one-time setup token (its hash is stored) for
     * the link printed in the start-up log. Returns undefined once set up.
     */
    async issueSetupToken(): Promise<string | undefined> {
      if ((await countUsers()) > 0) return undefined;
      const token = newSecretToken();
      const value = hashToken(token);
      await db
        .insertInto('settings')
        .values({ key: SETUP_KEY, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
      return token;
    },

    async completeSetup(
      input: { token: string; email: string; name: string; password: string; locale: User['locale'] },
      userAgent?: string,
    ) {
      const stored = await db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', SETUP_KEY)
        .executeTakeFirst();
      if ((await countUsers()) > 0) throw new AppError('SETUP_DONE', 'LeadCast already has an administrator');
      if (!stored || stored.value !== hashToken(input.token)) {
        throw new AppError(
          'FORBIDDEN',
          'This setup link is not valid; use the link printed in the server log',
        );
      }
      const user = await insertUser({ ...input, role: 'admin' });
      await db.deleteFrom('settings').where('key', '=', SETUP_KEY).execute();
      await recordAudit(db, clock, { actorType: 'user', actorId: user.id, action: 'setup.completed' });
      return { user: toPublicUser(user), session: await startSession(user.id, userAgent) };
    },

    async signIn(email: string, password: string, userAgent?: string) {
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', normaliseEmail(email))
        .executeTakeFirst();
      const ok = await verifyPassword(password, user?.password_hash ?? (await dummyHashPromise));
      if (!user || !ok || user.disabled_at)
        throw new AppError('INVALID_CREDENTIALS', 'Email or password is incorrect');
      return { user: toPublicUser(user), session: await startSession(user.id, userAgent) };
    },

    async signOut(sessionId: string): Promise<void> {
      await db.deleteFrom('user_sessions').where('id', '=', sessionId).execute();
    },

    /** Resolves a session cookie, enforcing idle and absolute expiry; expired sessions are deleted. */
    authenticateSession: (token: string) => sessionActor(hashToken(token), true),

    /**
     * The same actor looked up again, as it stands now (role, scopes), or undefined once the
     * session ended (signed out, expired, user disabled) or the token was revoked. For
     * connections that outlive the request that authenticated them (the live room's staff
     * sockets). Does not count as activity.
     */
    async reauthenticate(actor: Actor): Promise<Actor | undefined> {
      if (actor.kind === 'user') return sessionActor(actor.sessionId, false);
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', actor.tokenId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row && tokenActor(row);
    },

    async authenticateApiToken(token: string): Promise<Extract<Actor, { kind: 'token' }> | undefined> {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', hashToken(token))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      const at = now().toISOString();
      if (!row.last_used_at || Date.parse(at) - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
        await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', row.id).execute();
      }
      return tokenActor(row);
    },

    async changePassword(
      userId: string,
      currentSessionId: string,
      current: string,
      next: string,
    ): Promise<void> {
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      if (!(await verifyPassword(current, user.password_hash))) {
        throw new AppError('VALIDATION_FAILED', 'Current password is incorrect', {
          fields: { current_password: 'Current password is incorrect' },
        });
      }
      await db
        .updateTable('users')
        .set({ password_hash: await hashPassword(next), updated_at: now().toISOString() })
        .where('id', '=', userId)
        .execute();
      // Every other browser signed in as this user is signed out.
      await db
        .deleteFrom('user_sessions')
        .where('user_id', '=', userId)
        .where('id', '!=', currentSessionId)
        .execute();
      await recordAudit(db, clock, { actorType: 'user', actorId: userId, action: 'user.password_changed' });
    },

    async updateProfile(
      userId: string,
      patch: { name?: string; locale?: User['locale'] },
    ): Promise<PublicUser> {
      await db
        .updateTable('users')
        .set({ ...patch, updated_at: now().toISOString() })
        .where('id', '=', userId)
        .execute();
      return this.getUser(userId);
    },

    async getUser(id: string): Promise<PublicUser> {
      const user = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      if (!user) throw notFound('User');
      return toPublicUser(user);
    },

    async listUsers(): Promise<PublicUser[]> {
      const users = await db.selectFrom('users').selectAll().orderBy('created_at').execute();
      return users.map(toPublicUser);
    },

    /** Changes a teammate's role or disables them; the last active admin cannot be removed. */
    async updateUser(
      actorId: string,
      id: string,
      patch: { role?: Role; disabled?: boolean },
    ): Promise<PublicUser> {
      const target = await this.getUser(id);
      const losesAdmin =
        target.role === 'admin' &&
        !target.disabled_at &&
        ((patch.role && patch.role !== 'admin') || patch.disabled);
      if (losesAdmin) {
        const admins = await db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('role', '=', 'admin')
          .where('disabled_at', 'is', null)
          .executeTakeFirst();
        if (Number(admins?.n ?? 0) <= 1)
          throw new AppError('INVALID_STATE', 'LeadCast needs at least one active admin');
      }
      const at = now().toISOString();
      await db
        .updateTable('users')
        .set({
          ...(patch.role ? { role: patch.role } : {}),
          ...(patch.disabled === undefined ? {} : { disabled_at: patch.disabled ? at : null }),
          updated_at: at,
        })
        .where('id', '=', id)
        .execute();
      if (patch.disabled) await db.deleteFrom('user_sessions').where('user_id', '=', id).execute();
      await recordAudit(db, clock, {
        actorType: 'user',
        actorId,
        action: 'user.updated',
        targetType: 'user',
        targetId: id,
        details: patch,
      });
      return this.getUser(id);
    },

    async invite(actorId: string, input: { email: string; role: Role }) {
      const email = normaliseEmail(input.email);
      const existing = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirst();
      if (existing)
        throw new AppError('CONFLICT', 'A teammate with this email already exists', {
          fields: { email: 'Already a teammate' },
        });
      const token = newSecretToken();
      const created = now();
      const invitation = {
        id: newId(),
        token_hash: hashToken(token),
        email,
        role: input.role,
        invited_by: actorId,
        created_at: created.toISOString(),
        expires_at: new Date(created.getTime() + INVITE_DAYS * 24 * HOUR).toISOString(),
        accepted_at: null,
        revoked_at: null,
      };
      await db.insertInto('invitations').values(invitation).execute();
      await recordAudit(db, clock, {
        actorType: 'user',
        actorId,
        action: 'invitation.created',
        targetType: 'invitation',
        targetId: invitation.id,
        details: { email, role: input.role },
      });
      const { token_hash: _, ...rest } = invitation;
      return { invitation: rest, token, url: `${config.publicBaseUrl}/admin/#/invite/${token}` };
    },

    async listInvitations() {
      return db
        .selectFrom('invitations')
        .select([
          'id',
          'email',
          'role',
          'invited_by',
          'created_at',
          'expires_at',
          'accepted_at',
          'revoked_at',
        ])
        .orderBy('created_at', 'desc')
        .execute();
    },

    async revokeInvitation(actorId: string, id: string): Promise<void> {
      const result = await db
        .updateTable('invitations')
        .set({ revoked_at: now().toISOString() })
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw notFound('Open invitation');
      await recordAudit(db, clock, {
        actorType: 'user',
        actorId,
        action: 'invitation.revoked',
        targetType: 'invitation',
        targetId: id,
      });
    },

    /** Looks up an open invitation by its link token (for the accept screen). */
    async findOpenInvitation(token: string) {
      const row = await db
        .selectFrom('invitations')
        .select(['id', 'email', 'role', 'expires_at'])
        .where('token_hash', '=', hashToken(token))
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row || Date.parse(row.expires_at) <= now().getTime()) return undefined;
      return row;
    },

    async acceptInvitation(
      token: string,
      input: { name: string; password: string; locale: User['locale'] },
      userAgent?: string,
    ) {
      const invitation = await this.findOpenInvitation(token);
      if (!invitation)
        throw new AppError('NOT_FOUND', 'This invitation link is invalid, expired or already used');
      const claimed = await db
        .updateTable('invitations')
        .set({ accepted_at: now().toISOString() })
        .where('id', '=', invitation.id)
        .where('accepted_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0)
        throw new AppError('CONFLICT', 'This invitation was already used');
      const user = await insertUser({ email: invitation.email, role: invitation.role, ...input });
      return { user: toPublicUser(user), session: await startSession(user.id, userAgent) };
    },

    async createApiToken(actorId: string, input: { name: string; scopes: Permission[] }) {
      const secret = newSecretToken();
      const prefix = secret.slice(0, 8);
      const token = `lc_${secret}`;
      const row = {
        id: newId(),
        name: input.name.trim(),
        token_hash: hashToken(token),
        token_prefix: `lc_${prefix}`,
        scopes: JSON.stringify([...new Set(input.scopes)]),
        created_by: actorId,
        created_at: now().toISOString(),
        last_used_at: null,
        revoked_at: null,
      };
      await db.insertInto('api_tokens').values(row).execute();
      await recordAudit(db, clock, {
        actorType: 'user',
        actorId,
        action: 'api_token.created',
        targetType: 'api_token',
        targetId: row.id,
      });
      const { token_hash: _, ...rest } = row;
      return { api_token: { ...rest, scopes: [...new Set(input.scopes)] }, token };
    },

    async listApiTokens() {
      const rows = await db
        .selectFrom('api_tokens')
        .select([
          'id',
          'name',
          'token_prefix',
          'scopes',
          'created_by',
          'created_at',
          'last_used_at',
          'revoked_at',
        ])
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map((r) => ({ ...r, scopes: JSON.parse(r.scopes) as Permission[] }));
    },

    async revokeApiToken(actorId: string, id: string): Promise<void> {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: now().toISOString() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw notFound('Active API token');
      await recordAudit(db, clock, {
        actorType: 'user',
        actorId,
        action: 'api_token.revoked',
        targetType: 'api_token',
        targetId: id,
      });
    },
  };
}
