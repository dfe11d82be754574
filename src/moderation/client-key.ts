import { createHmac } from 'node:crypto';

/**
 * What identifies an anonymous viewer beyond the id their browser keeps: a keyed hash of
 * their network address, User-Agent and Accept-Language. Clearing storage gives a new
 * `anon_…` id but the same key, so a mute still holds. Its limits, without registration:
 * another browser, another network (mobile data vs. office Wi-Fi) or a VPN gives another
 * key; two people behind one NAT with the same browser build and language share one
 * (the muted person's neighbour is muted too, and can appeal). Only the hash is stored,
 * keyed with the room's secret, so it cannot be turned back into an address.
 */
export function clientKey(
  secret: string,
  client: { ip: string; userAgent?: string; acceptLanguage?: string },
): string {
  return createHmac('sha256', secret)
    .update(`client-key\n${client.ip}\n${client.userAgent ?? ''}\n${client.acceptLanguage ?? ''}`)
    .digest('base64url')
    .slice(0, 32);
}
