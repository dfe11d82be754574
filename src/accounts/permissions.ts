import type { Role } from './tables.js';

/**
 * Every permission a staff action can require, and the roles that hold it. API tokens
 * carry a subset of these names as scopes. This table is the one place to read "who
 * may do what".
 */
export const permissions = {
  'events:read': ['admin', 'member', 'sales'],
  'events:write': ['admin', 'member'],
  'registrations:read': ['admin', 'member', 'sales'],
  'registrations:write': ['admin', 'member'],
  'live:produce': ['admin', 'member'],
  'room:moderate': ['admin', 'member'],
  'sop:read': ['admin', 'member', 'sales'],
  'sop:work': ['admin', 'member', 'sales'],
  'sop:plan': ['admin', 'member'],
  'leads:read': ['admin', 'member', 'sales'],
  'leads:work': ['admin', 'member', 'sales'],
  'leads:manage': ['admin', 'member'],
  'analytics:read': ['admin', 'member', 'sales'],
  'mail:read': ['admin', 'member', 'sales'],
  'mail:write': ['admin', 'member'],
  'team:manage': ['admin'],
  'organisation:manage': ['admin'],
  'tokens:manage': ['admin'],
  'webhooks:manage': ['admin', 'member'],
  /** The promotion domain: channels and their report, invitation links, referral gates. */
  'channels:read': ['admin', 'member', 'sales'],
  'channels:write': ['admin', 'member'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export const allPermissions = Object.keys(permissions) as Permission[];

/** Scopes an API token may be given: everything except managing tokens and the team. */
export const tokenScopes = allPermissions.filter((p) => p !== 'tokens:manage' && p !== 'team:manage');

export function roleHas(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}
