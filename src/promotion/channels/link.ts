import { withoutControlChars } from '../../validation.js';
import type { ChannelKind } from '../tables.js';

export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const;
export type UtmKey = (typeof UTM_KEYS)[number];
export type Utm = Partial<Record<UtmKey, string>>;
/** UTM values are kept as text of at most this many characters (longer ones are cut). */
export const UTM_MAX = 120;

/** What `utm_medium` a channel's link says when the incoming link gives none. */
const MEDIUM: Record<ChannelKind, string> = {
  website: 'website',
  newsletter: 'email',
  in_product: 'in-product',
  community: 'community',
  sales_outreach: 'sales',
  partner: 'partner',
  paid: 'paid',
  kol: 'influencer',
};

/**
 * The UTM values of a query string or form: strings only (a repeated key's first value),
 * control characters removed, trimmed and cut to UTM_MAX. Nothing else is taken.
 */
export function utmFrom(source: unknown): Utm {
  const q = (source && typeof source === 'object' ? source : {}) as Record<string, unknown>;
  const utm: Utm = {};
  for (const key of UTM_KEYS) {
    const raw = Array.isArray(q[key]) ? (q[key] as unknown[])[0] : q[key];
    if (typeof raw !== 'string') continue;
    const value = [...withoutControlChars(raw).trim()].slice(0, UTM_MAX).join('');
    if (value) utm[key] = value;
  }
  return utm;
}

/** A channel name as a UTM token: lower case, letters and digits of any script, dashes. */
export function utmToken(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** The UTM a channel's link carries: the incoming values win; absent ones are filled in. */
export function channelUtm(
  channel: { code: string; kind: ChannelKind; name: string },
  eventSlug: string,
  incoming: Utm,
): Utm {
  return {
    utm_source: utmToken(channel.name) || channel.code,
    utm_medium: MEDIUM[channel.kind],
    utm_campaign: eventSlug,
    ...incoming,
  };
}

/** Where `/c/<code>` sends a browser: what the code resolved to, if anything. */
export type LinkTarget =
  | { kind: 'unknown' }
  | { kind: 'event'; slug: string }
  | {
      kind: 'channel';
      slug: string;
      channel: { code: string; kind: ChannelKind; name: string };
    };

/**
 * The redirect of a channel link, always a path on this site built from the event's slug
 * (never from the request, so never an open redirect): the landing page with the channel
 * code and UTM when the channel attributes, the landing page with only the incoming UTM when
 * it does not (archived and stopped), the site root when the code names no public event.
 */
export function redirectLocation(target: LinkTarget, query: unknown): string {
  if (target.kind === 'unknown') return '/';
  const incoming = utmFrom(query);
  const params = new URLSearchParams();
  if (target.kind === 'channel') params.set('channel', target.channel.code);
  const utm = target.kind === 'channel' ? channelUtm(target.channel, target.slug, incoming) : incoming;
  for (const key of UTM_KEYS) if (utm[key]) params.set(key, utm[key]);
  const lang = (query as Record<string, unknown> | undefined)?.lang;
  if (lang === 'en' || lang === 'zh-CN') params.set('lang', lang);
  const search = params.toString();
  return `/e/${encodeURIComponent(target.slug)}${search ? `?${search}` : ''}`;
}
