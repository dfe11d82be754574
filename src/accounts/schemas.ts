import { z } from 'zod';
import { absoluteUrl, emailAddress, timestamp } from '../http/formats.js';
import { line } from '../validation.js';
import { allPermissions, type Permission, tokenScopes } from './permissions.js';

// Messages are i18n keys (src/i18n/messages.ts); the error handler answers in the caller's language.
export const email = line(254)
  .pipe(z.email())
  .meta({ examples: ['ada@example.com'] });
export const password = z.string().min(10).max(200);
export const locale = z.enum(['en', 'zh-CN']);
export const role = z.enum(['admin', 'member', 'sales']);
const name = line(120).min(1);

export const setupInput = z.object({
  token: line(200).min(1),
  email,
  name,
  password,
  locale: locale.default('en'),
});
export const signInInput = z.object({
  email: line(254).min(1),
  password: z.string().min(1).max(200),
});
export const changePasswordInput = z.object({
  current_password: z.string().min(1).max(200),
  new_password: password,
});
export const updateProfileInput = z.object({ name: name.optional(), locale: locale.optional() });
export const updateUserInput = z
  .object({ role: role.optional(), disabled: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, 'field.role_or_disabled');
export const inviteInput = z.object({ email, role });
export const acceptInvitationInput = z.object({ name, password, locale: locale.default('en') });
export const createApiTokenInput = z.object({
  name: line(80).min(1),
  scopes: z.array(z.enum(tokenScopes as [string, ...string[]])).min(1, 'field.scopes'),
});

// ---- responses ---------------------------------------------------------------

const permission = z.enum(allPermissions as [Permission, ...Permission[]]);

export const userView = z.object({
  id: z.string(),
  email: emailAddress,
  name: z.string(),
  role,
  locale,
  created_at: timestamp,
  updated_at: timestamp,
  disabled_at: timestamp.nullable(),
});
/** A new browser session: the teammate and the token to send as `x-csrf-token`. */
export const sessionResponse = z.object({ user: userView, csrf_token: z.string() });
export const meResponse = sessionResponse.extend({ permissions: z.array(permission) });
export const userResponse = z.object({ user: userView });
export const usersResponse = z.object({ users: z.array(userView) });
export const setupStateResponse = z.object({ needs_setup: z.boolean() });

const invitationView = z.object({
  id: z.string(),
  email: emailAddress,
  role,
  invited_by: z.string(),
  created_at: timestamp,
  expires_at: timestamp,
  accepted_at: timestamp.nullable(),
  revoked_at: timestamp.nullable(),
});
export const invitationsResponse = z.object({ invitations: z.array(invitationView) });
export const invitationCreatedResponse = z.object({
  invitation: invitationView,
  token: z.string().describe('The link secret; shown once'),
  url: absoluteUrl,
});
export const openInvitationResponse = z.object({
  invitation: z.object({ email: emailAddress, role, expires_at: timestamp }),
});

const apiTokenView = z.object({
  id: z.string(),
  name: z.string(),
  token_prefix: z.string(),
  scopes: z.array(permission),
  created_by: z.string(),
  created_at: timestamp,
  last_used_at: timestamp.nullable(),
  revoked_at: timestamp.nullable(),
});
export const apiTokensResponse = z.object({
  api_tokens: z.array(apiTokenView),
  available_scopes: z.array(permission),
});
export const apiTokenCreatedResponse = z.object({
  api_token: apiTokenView,
  token: z.string().describe('The secret to send as `Authorization: Bearer …`; shown once'),
});
