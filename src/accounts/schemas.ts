import { z } from 'zod';
import { line } from '../validation.js';
import { tokenScopes } from './permissions.js';

// Messages are i18n keys (src/i18n/messages.ts); the error handler answers in the caller's language.
export const email = line(254).pipe(z.email());
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

export const publicUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role,
  locale,
  created_at: z.string(),
  updated_at: z.string(),
  disabled_at: z.string().nullable(),
});
