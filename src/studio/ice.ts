import { createHmac } from 'node:crypto';
import type { RTCIceServerConfig } from './protocol.js';

/** How long a TURN credential handed to a browser stays valid. */
export const TURN_CREDENTIAL_SECONDS = 12 * 3600;

/**
 * The ICE servers a studio browser gets. TURN uses coturn's shared-secret scheme
 * (`use-auth-secret` + `static-auth-secret`, the "TURN REST API"): the username is
 * `<expiry unix seconds>:<participant>` and the password base64(HMAC-SHA1(secret, username)),
 * so no per-guest account lives in coturn and a leaked credential expires on its own.
 * With no servers configured the list is empty: on one machine or a LAN, host candidates connect.
 */
export function iceServers(
  settings: { stunUrls: readonly string[]; turnUrls: readonly string[]; turnSecret: string | undefined },
  participant: string,
  nowMs: number,
): RTCIceServerConfig[] {
  const out: RTCIceServerConfig[] = [];
  if (settings.stunUrls.length) out.push({ urls: [...settings.stunUrls] });
  if (settings.turnUrls.length && settings.turnSecret) {
    const username = `${Math.floor(nowMs / 1000) + TURN_CREDENTIAL_SECONDS}:${participant}`;
    const credential = createHmac('sha1', settings.turnSecret).update(username).digest('base64');
    out.push({ urls: [...settings.turnUrls], username, credential });
  }
  return out;
}
