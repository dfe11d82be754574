import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { okResponse } from '../http/formats.js';
import { authorize, SESSION_COOKIE } from '../http/guard.js';
import { parseInput } from '../validation.js';
import type { Accounts, Actor, SessionInfo } from './accounts.js';
import { allPermissions, type Permission, permissions, tokenScopes } from './permissions.js';
import * as s from './schemas.js';

const tags = ['accounts'];

export function accountsRoutes(app: FastifyInstance, deps: { accounts: Accounts; config: Config }) {
  const { accounts, config } = deps;
  const secureCookie = config.publicBaseUrl.startsWith('https://');
  const signInLimit = { rateLimit: { max: config.rateLimits.loginPerMinute, timeWindow: 60_000 } };

  const setSessionCookie = (reply: FastifyReply, session: SessionInfo) =>
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookie,
      expires: new Date(session.expiresAt),
    });

  const me = (actor: Actor) => {
    if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 'This endpoint is for signed-in teammates');
    return actor;
  };

  app.get(
    '/api/v1/setup',
    {
      config: {
        doc: {
          operationId: 'getSetupState',
          summary: 'Whether the first administrator still has to be created',
          tags,
          response: s.setupStateResponse,
        },
      },
    },
    async () => ({
      needs_setup: await accounts.needsSetup(),
    }),
  );

  app.post(
    '/api/v1/setup',
    {
      config: {
        ...signInLimit,
        doc: {
          operationId: 'completeSetup',
          summary: 'Create the first administrator with the one-time setup token',
          tags,
          body: s.setupInput,
          response: s.sessionResponse,
          errors: ['FORBIDDEN', 'SETUP_DONE', 'CONFLICT'],
        },
      },
    },
    async (req, reply) => {
      const input = parseInput(s.setupInput, req.body);
      const { user, session } = await accounts.completeSetup(input, req.headers['user-agent']);
      setSessionCookie(reply, session);
      return { user, csrf_token: session.csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/sign-in',
    {
      config: {
        ...signInLimit,
        doc: {
          operationId: 'signIn',
          summary: 'Sign in with email and password',
          tags,
          body: s.signInInput,
          response: s.sessionResponse,
          errors: ['INVALID_CREDENTIALS'],
        },
      },
    },
    async (req, reply) => {
      const input = parseInput(s.signInInput, req.body);
      const { user, session } = await accounts.signIn(input.email, input.password, req.headers['user-agent']);
      setSessionCookie(reply, session);
      return { user, csrf_token: session.csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/sign-out',
    {
      preHandler: authorize(accounts, 'signed-in'),
      config: {
        doc: {
          operationId: 'signOut',
          summary: 'Sign out this browser',
          tags,
          permission: 'signed-in',
          response: okResponse,
        },
      },
    },
    async (req, reply) => {
      await accounts.signOut(me(req.actor!).sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get(
    '/api/v1/me',
    {
      preHandler: authorize(accounts, 'signed-in'),
      config: {
        doc: {
          operationId: 'getMe',
          summary: 'The signed-in teammate, with the CSRF token',
          tags,
          permission: 'signed-in',
          response: s.meResponse,
        },
      },
    },
    async (req) => {
      const actor = me(req.actor!);
      const perms = allPermissions.filter((p) =>
        (permissions[p] as readonly string[]).includes(actor.user.role),
      );
      return { user: actor.user, csrf_token: actor.csrfToken, permissions: perms };
    },
  );

  app.patch(
    '/api/v1/me',
    {
      preHandler: authorize(accounts, 'signed-in'),
      config: {
        doc: {
          operationId: 'updateMe',
          summary: 'Update own name or language',
          tags,
          permission: 'signed-in',
          body: s.updateProfileInput,
          response: s.userResponse,
        },
      },
    },
    async (req) => ({
      user: await accounts.updateProfile(me(req.actor!).user.id, parseInput(s.updateProfileInput, req.body)),
    }),
  );

  app.post(
    '/api/v1/me/password',
    {
      preHandler: authorize(accounts, 'signed-in'),
      config: {
        ...signInLimit,
        doc: {
          operationId: 'changePassword',
          summary: 'Change own password; signs out other browsers',
          tags,
          permission: 'signed-in',
          body: s.changePasswordInput,
          response: okResponse,
        },
      },
    },
    async (req) => {
      const actor = me(req.actor!);
      const input = parseInput(s.changePasswordInput, req.body);
      await accounts.changePassword(
        actor.user.id,
        actor.sessionId,
        input.current_password,
        input.new_password,
      );
      return { ok: true };
    },
  );

  const team = { preHandler: authorize(accounts, 'team:manage') };
  app.get(
    '/api/v1/users',
    {
      ...team,
      config: {
        doc: {
          operationId: 'listUsers',
          summary: 'List teammates',
          tags,
          permission: 'team:manage',
          response: s.usersResponse,
        },
      },
    },
    async () => ({
      users: await accounts.listUsers(),
    }),
  );

  app.patch<{ Params: { id: string } }>(
    '/api/v1/users/:id',
    {
      ...team,
      config: {
        doc: {
          operationId: 'updateUser',
          summary: "Change a teammate's role or disable them",
          tags,
          permission: 'team:manage',
          body: s.updateUserInput,
          response: s.userResponse,
          errors: ['INVALID_STATE'],
        },
      },
    },
    async (req) => ({
      user: await accounts.updateUser(
        me(req.actor!).user.id,
        req.params.id,
        parseInput(s.updateUserInput, req.body),
      ),
    }),
  );

  app.get(
    '/api/v1/invitations',
    {
      ...team,
      config: {
        doc: {
          operationId: 'listInvitations',
          summary: 'List invitations',
          tags,
          permission: 'team:manage',
          response: s.invitationsResponse,
        },
      },
    },
    async () => ({
      invitations: await accounts.listInvitations(),
    }),
  );

  app.post(
    '/api/v1/invitations',
    {
      ...team,
      config: {
        doc: {
          operationId: 'createInvitation',
          summary: 'Invite a teammate by link',
          tags,
          permission: 'team:manage',
          body: s.inviteInput,
          response: s.invitationCreatedResponse,
          errors: ['CONFLICT'],
        },
      },
    },
    async (req) => accounts.invite(me(req.actor!).user.id, parseInput(s.inviteInput, req.body)),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/invitations/:id',
    {
      ...team,
      config: {
        doc: {
          operationId: 'revokeInvitation',
          summary: 'Revoke an open invitation',
          tags,
          permission: 'team:manage',
          response: okResponse,
        },
      },
    },
    async (req) => {
      await accounts.revokeInvitation(me(req.actor!).user.id, req.params.id);
      return { ok: true };
    },
  );

  app.get<{ Params: { token: string } }>(
    '/api/v1/invitations/by-token/:token',
    {
      config: {
        ...signInLimit,
        doc: {
          operationId: 'getInvitationByToken',
          summary: 'Read an open invitation from its link token',
          tags,
          response: s.openInvitationResponse,
        },
      },
    },
    async (req) => {
      const invitation = await accounts.findOpenInvitation(req.params.token);
      if (!invitation)
        throw new AppError('NOT_FOUND', 'This invitation link is invalid, expired or already used');
      return {
        invitation: { email: invitation.email, role: invitation.role, expires_at: invitation.expires_at },
      };
    },
  );

  app.post<{ Params: { token: string } }>(
    '/api/v1/invitations/by-token/:token/accept',
    {
      config: {
        ...signInLimit,
        doc: {
          operationId: 'acceptInvitation',
          summary: 'Accept an invitation: choose a name and password',
          tags,
          body: s.acceptInvitationInput,
          response: s.sessionResponse,
          errors: ['CONFLICT'],
        },
      },
    },
    async (req, reply) => {
      const input = parseInput(s.acceptInvitationInput, req.body);
      const { user, session } = await accounts.acceptInvitation(
        req.params.token,
        input,
        req.headers['user-agent'],
      );
      setSessionCookie(reply, session);
      return { user, csrf_token: session.csrfToken };
    },
  );

  const tokens = { preHandler: authorize(accounts, 'tokens:manage') };
  app.get(
    '/api/v1/api-tokens',
    {
      ...tokens,
      config: {
        doc: {
          operationId: 'listApiTokens',
          summary: 'List API tokens (never their secrets)',
          tags,
          permission: 'tokens:manage',
          response: s.apiTokensResponse,
        },
      },
    },
    async () => ({ api_tokens: await accounts.listApiTokens(), available_scopes: tokenScopes }),
  );

  app.post(
    '/api/v1/api-tokens',
    {
      ...tokens,
      config: {
        doc: {
          operationId: 'createApiToken',
          summary: 'Create a scoped API token; the secret is shown once',
          tags,
          permission: 'tokens:manage',
          body: s.createApiTokenInput,
          response: s.apiTokenCreatedResponse,
        },
      },
    },
    async (req) => {
      const input = parseInput(s.createApiTokenInput, req.body);
      return accounts.createApiToken(me(req.actor!).user.id, {
        name: input.name,
        scopes: input.scopes as Permission[],
      });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/api-tokens/:id',
    {
      ...tokens,
      config: {
        doc: {
          operationId: 'revokeApiToken',
          summary: 'Revoke an API token',
          tags,
          permission: 'tokens:manage',
          response: okResponse,
        },
      },
    },
    async (req) => {
      await accounts.revokeApiToken(me(req.actor!).user.id, req.params.id);
      return { ok: true };
    },
  );
}
