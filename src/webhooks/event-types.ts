/**
 * The facts a subscription can ask for. The payload of each is documented in
 * docs/webhooks.md; `webhook.ping` is sent only by "send a test ping".
 */
export const EVENT_TYPES = [
  'registration.created',
  'lead.mql',
  'lead.stage_changed',
  'offer.downloaded',
  'attendance.summary',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
export const PING_TYPE = 'webhook.ping';
