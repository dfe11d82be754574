import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * SSRF protection: a webhook destination must resolve only to public unicast addresses.
 * ipaddr.js names the range of an address; everything but `unicast` is refused —
 * private (10/8, 172.16/12, 192.168/16), loopback, link-local (169.254/16, fe80::/10),
 * CGNAT (100.64/10), multicast, unspecified, broadcast, reserved, IPv6 unique-local
 * (fc00::/7), IPv4-mapped and the other transition ranges (6to4, Teredo, NAT64), which can
 * carry a private IPv4 address inside an IPv6 one.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.parse(address).range() === 'unicast';
}

export interface ResolvedDestination {
  address: string;
  family: 4 | 6;
}

export class DestinationRefused extends Error {
  constructor(
    message: string,
    readonly reason: 'private_address' | 'unresolvable',
  ) {
    super(message);
    this.name = 'DestinationRefused';
  }
}

const LOOKUP_TIMEOUT_MS = 5000;

/**
 * Resolves the host of `url` and returns the address to connect to. Unless private
 * networks are allowed, refuses when any address the name resolves to is not public (a
 * name with one public and one private address is refused: the connection could go to
 * either). Called when a subscription is saved and again before every attempt, and the
 * attempt connects to the address checked here (DNS rebinding cannot swap it in between).
 */
export async function resolveDestination(url: URL, allowPrivate: boolean): Promise<ResolvedDestination> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    let timer: NodeJS.Timeout | undefined;
    try {
      addresses = await Promise.race([
        lookup(host, { all: true, verbatim: true }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('DNS lookup timed out')), LOOKUP_TIMEOUT_MS);
        }),
      ]);
    } catch {
      throw new DestinationRefused(`The host ${host} could not be resolved`, 'unresolvable');
    } finally {
      clearTimeout(timer);
    }
  }
  if (addresses.length === 0)
    throw new DestinationRefused(`The host ${host} could not be resolved`, 'unresolvable');
  if (!allowPrivate) {
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused)
      throw new DestinationRefused(
        `${host} resolves to ${refused.address}, a private, loopback, link-local or otherwise non-public address`,
        'private_address',
      );
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
