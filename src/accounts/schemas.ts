import { z } from 'zod';
import { absoluteUrl, emailAddress, timestamp } from '../http/formats.js';
import { allPermissions, type Permission, tokenScopes } from './permissions.js';

export const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address' }))
  .meta({ examples: ['ada@example.com'] });
export const password = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(200, 'Use at most 200 characters');
export const locale = z.enum(['en', 'zh-CN']);
export const role = z.enum(['admin', 'member', 'sales']);
const name = z.string().trim().min(1, 'Required').max(120);

export const setupInput = z.object({
  token: z.string().min(1),
  email,
  name,
  password,
  locale: locale.default('en'),
});
export const signInInput = z.object({
  email: z.string().trim().min(1, 'Required'),
  password: z.string().min(1, 'Required'),
});
export const changePasswordInput = z.object({
  current_password: z.string().min(1, 'Required'),
  new_password: password,
});
export const updateProfileInput = z.object({ name: name.optional(), locale: locale.optional() });
export const updateUserInput = z
  .object({ role: role.optional(), disabled: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, 'Give a role or disabled');
export const inviteInput = z.object({ email, role });
export const acceptInvitationInput = z.object({ name, password, locale: locale.default('en') });
export const createApiTokenInput = z.object({
  name: z.string().trim().min(1, 'Required').max(80),
  scopes: z.array(z.enum(tokenScopes as [string, ...string[]])).min(1, 'Choose at least one scope'),
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
