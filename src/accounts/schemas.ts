import { z } from 'zod';
import { tokenScopes } from './permissions.js';

export const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address' }));
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
