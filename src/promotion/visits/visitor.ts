import type { IncomingHttpHeaders } from 'node:http';

/**
 * The first-party visitor id (docs/promotion.md): a random value in a cookie of our own,
 * set on the landing page, read back at registration to credit the first channel that
 * brought this browser. Nothing else is stored in it and nothing else reads it.
 */
export const VISITOR_COOKIE = 'lc_vid';
/** 13 months, the longest an audience-measurement cookie should live (CNIL guidance). */
export const VISITOR_MAX_AGE_S = 395 * 24 * 3600;

const VISITOR_ID = /^[A-Za-z0-9_-]{22}$/;

/** Whether the browser asked not to be tracked: `DNT: 1` or Global Privacy Control (`Sec-GPC: 1`). */
export function asksNotToTrack(headers: IncomingHttpHeaders): boolean {
  return headers.dnt === '1' || headers['sec-gpc'] === '1';
}

/** The visitor id a browser sent, if it is one of ours in shape. */
export function visitorIdOf(cookie: unknown): string | undefined {
  return typeof cookie === 'string' && VISITOR_ID.test(cookie) ? cookie : undefined;
}

/**
 * Link previews and crawlers (chat apps unfurling a shared link, search engines) are not
 * visitors: counting them would credit a channel for every group a link was posted in.
 */
const AUTOMATED =
  /bot\b|bot\/|crawl|spider|slurp|preview|facebookexternalhit|embedly|whatsapp|telegrambot|skypeuripreview|headless|curl\/|wget\/|python-requests|go-http-client/i;

export function isAutomated(userAgent: string | undefined): boolean {
  return !userAgent || AUTOMATED.test(userAgent);
}
