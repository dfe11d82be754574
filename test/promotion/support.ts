import { createEvent, publish } from '../support/fixtures.js';
import type { Harness, StaffClient } from '../support/harness.js';

export const person = (name: string, email: string) => ({
  name,
  email,
  phone: '+86 138 0013 8000',
  company: 'Acme',
  job_title: 'CMO',
  consent: 'on',
});

/** A published event with its slug. */
export async function publishedEvent(admin: StaffClient, over: Record<string, unknown> = {}) {
  const event = await createEvent(admin, over);
  await publish(admin, event.id);
  return event;
}

let device = 0;
/**
 * Registers through the public API as a distinct browser and address unless told otherwise;
 * returns the join token of a new registration (undefined for a repeat).
 */
export async function registerVia(
  h: Harness,
  slug: string,
  who: { name: string; email: string },
  opts: { ref?: string; ip?: string; userAgent?: string } = {},
) {
  device += 1;
  const res = await h.app.inject({
    method: 'POST',
    url: `/api/v1/public/events/${slug}/registrations`,
    remoteAddress: opts.ip ?? `10.0.${Math.floor(device / 250)}.${device % 250}`,
    headers: { 'user-agent': opts.userAgent ?? `Browser/${device}` },
    payload: { ...person(who.name, who.email), ...(opts.ref ? { ref: opts.ref } : {}) },
  });
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`register failed: ${res.body}`);
  const join = res.json().registration?.join_url as string | undefined;
  return join?.split('/j/')[1];
}

/** The registrant's invitation: link, posters, gate progress (what the confirmation page shows). */
export async function invitation(h: Harness, token: string) {
  const res = await h.app.inject({ url: `/api/v1/public/registrations/${token}/invitation` });
  if (res.statusCode !== 200) throw new Error(`invitation failed: ${res.body}`);
  return res.json() as {
    invite_url: string;
    poster_urls: { story: string; square: string };
    gate: {
      goal: number;
      counted: number;
      remaining: number;
      unlocked: boolean;
      reward_url: string | null;
    } | null;
    leaderboard: { name: string; counted: number }[] | null;
  };
}

export const codeOf = (inviteUrl: string) => inviteUrl.split('/i/')[1]!;
