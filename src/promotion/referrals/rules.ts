import type { UncountedReason } from './tables.js';

/**
 * The anti-abuse rules of a referral gate (issue 14, Rules), as pure functions. A referral
 * made through someone's link is always recorded; these decide whether it *counts*:
 *
 * - `self`: the referrer registering "a friend" — the same contact, the same mailbox written
 *   another way (see mailboxKey), or the referrer's own browser (its contact cookie);
 * - `same_person`: the same mailbox as someone already registered for the event;
 * - `same_device`: the same browser and network as an earlier referral of this referrer in
 *   the last day (one person typing several addresses);
 * - `ip_burst`: more than IP_BURST_MAX referrals of one referrer from one address within
 *   IP_BURST_WINDOW_MS. Colleagues share an office address, so a few do count.
 */
export const DEVICE_WINDOW_MS = 24 * 3600_000;
export const IP_BURST_WINDOW_MS = 3600_000;
export const IP_BURST_MAX = 3;

const GMAIL = new Set(['gmail.com', 'googlemail.com']);

/**
 * One mailbox, however it is written: lower case, without a `+tag`, and for Gmail without
 * dots (which Gmail ignores). `Ann.Lee+x@GMail.com` and `annlee@googlemail.com` are one key.
 */
export function mailboxKey(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return email.toLowerCase();
  let local = email.slice(0, at).toLowerCase();
  let domain = email.slice(at + 1).toLowerCase();
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

export interface ReferralFacts {
  referrer: { contactId: string; email: string };
  referred: { contactId: string; email: string };
  /** The contact whose signed cookie the registering browser carried, if any. */
  browserContactId?: string;
  /** Emails of the event's other registrations that might be the same mailbox. */
  otherEmails: string[];
  /** This referrer's earlier referrals (any age; older ones are ignored here). */
  earlier: { device_key: string; ip_key: string; counted: number; created_at: string }[];
  /** Contact ids of the people this referrer referred before (a browser that registered one of them is theirs). */
  earlierContactIds: string[];
  deviceKey: string;
  ipKey: string;
  at: string;
}

/** Whether a referral counts, and if not, the first rule it breaks. */
export function judgeReferral(f: ReferralFacts): { counted: boolean; reason: UncountedReason | null } {
  const referred = mailboxKey(f.referred.email);
  if (
    f.referred.contactId === f.referrer.contactId ||
    referred === mailboxKey(f.referrer.email) ||
    f.browserContactId === f.referrer.contactId
  )
    return { counted: false, reason: 'self' };
  if (f.otherEmails.some((e) => e !== f.referred.email && mailboxKey(e) === referred))
    return { counted: false, reason: 'same_person' };
  const now = Date.parse(f.at);
  const within = (ms: number) => (r: { created_at: string }) => now - Date.parse(r.created_at) < ms;
  if (
    (f.browserContactId !== undefined && f.earlierContactIds.includes(f.browserContactId)) ||
    f.earlier.filter(within(DEVICE_WINDOW_MS)).some((r) => r.device_key === f.deviceKey)
  )
    return { counted: false, reason: 'same_device' };
  const fromIp = f.earlier
    .filter(within(IP_BURST_WINDOW_MS))
    .filter((r) => r.ip_key === f.ipKey && r.counted);
  if (fromIp.length >= IP_BURST_MAX) return { counted: false, reason: 'ip_burst' };
  return { counted: true, reason: null };
}

/** A registrant's way to a gate: counted referrals (never more than the goal shown as reached). */
export function gateProgress(counted: number, goal: number) {
  return { counted, goal, remaining: Math.max(0, goal - counted), unlocked: counted >= goal };
}
