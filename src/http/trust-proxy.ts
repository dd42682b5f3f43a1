import { BlockList, isIP } from 'node:net';
import { ConfigurationError } from '../errors.ts';

/**
 * Which hops in front of this server may name the client. `none` (the default): the socket's peer is the
 * client and forwarding headers are ignored. `hops`: that many proxies, counted from this server outwards.
 * `addresses`: proxies whose own address is in the list, however many of them a request passed.
 */
export type TrustProxy =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'addresses'; list: BlockList; text: string };

const EXAMPLE = 'a number of hops such as 1, or addresses/CIDRs such as 10.0.0.0/8,127.0.0.1';

function familyOf(address: string): 'ipv4' | 'ipv6' | null {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/** TRUST_PROXY as configured; a bad value throws ConfigurationError naming the variable and the bad entry. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value === '') return { kind: 'none' };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops < 1 || hops > 32)
      throw new ConfigurationError(
        `TRUST_PROXY hops must be from 1 to 32 (got "${value}"); leave it unset to trust no proxy`,
      );
    return { kind: 'hops', hops };
  }
  const list = new BlockList();
  for (const entry of value.split(',').map((part) => part.trim())) {
    const [address, prefixText, ...rest] = entry.split('/');
    const family = address ? familyOf(address) : null;
    const maxPrefix = family === 'ipv4' ? 32 : 128;
    const prefix = prefixText === undefined ? maxPrefix : /^\d+$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!family || rest.length > 0 || !(prefix >= 0 && prefix <= maxPrefix)) {
      throw new ConfigurationError(`TRUST_PROXY must be ${EXAMPLE} (got "${entry}" in "${value}")`);
    }
    list.addSubnet(address!, prefix, family);
  }
  return { kind: 'addresses', list, text: value };
}

/** True when `address` (without port, IPv4-mapped IPv6 already unwrapped) is a trusted proxy. */
export function isTrustedProxy(trust: TrustProxy, address: string): boolean {
  if (trust.kind !== 'addresses') return false;
  const family = familyOf(address);
  return family !== null && trust.list.check(address, family);
}
