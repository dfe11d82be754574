import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Accounts, Actor } from '../accounts/accounts.js';
import { type Permission, roleHas } from '../accounts/permissions.js';
import { AppError } from '../errors.js';

export const SESSION_COOKIE = 'lc_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** Resolves the caller from a `Bearer` API token or the session cookie, or null. */
export async function resolveActor(accounts: Accounts, req: FastifyRequest): Promise<Actor | null> {
  // The scheme is case-insensitive (RFC 9110 §11.1): `bearer lc_…` is the same as `Bearer lc_…`.
  const bearer = req.headers.authorization?.match(/^bearer(?:\s+(.*))?$/i);
  if (bearer) {
    const actor = await accounts.authenticateApiToken((bearer[1] ?? '').trim());
    if (!actor) throw new AppError('UNAUTHENTICATED', 'This API token is invalid or revoked');
    return actor;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  return cookie ? ((await accounts.authenticateSession(cookie)) ?? null) : null;
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.kind === 'user' ? roleHas(actor.user.role, permission) : actor.scopes.includes(permission);
}

/** The id and kind written to audit rows for an actor. */
export const auditActor = (actor: Actor) =>
  actor.kind === 'user'
    ? { actorType: 'user' as const, actorId: actor.user.id }
    : { actorType: 'token' as const, actorId: actor.tokenId };

/**
 * The check every staff route runs before its handler: signed in (401 otherwise),
 * holding `permission` (403), and for cookie sessions, a state-changing request must
 * carry the session's CSRF token in `x-csrf-token` (403 CSRF_FAILED).
 */
export function authorize(
  accounts: Accounts,
  permission: Permission | 'signed-in',
): preHandlerAsyncHookHandler {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const actor = await resolveActor(accounts, req);
    if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in to continue');
    if (
      actor.kind === 'user' &&
      !SAFE_METHODS.has(req.method) &&
      req.headers[CSRF_HEADER] !== actor.csrfToken
    ) {
      throw new AppError('CSRF_FAILED', 'Missing or invalid CSRF token; reload the page and try again');
    }
    if (permission !== 'signed-in' && !hasPermission(actor, permission)) {
      throw new AppError(
        'FORBIDDEN',
        actor.kind === 'user'
          ? `Your role does not allow this (needs ${permission})`
          : `This token's scope does not allow this (needs ${permission})`,
      );
    }
    req.actor = actor;
  };
}
