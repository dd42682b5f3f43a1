import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { isTrustedProxy, type TrustProxy } from './trust-proxy.ts';

/** Who sent a request, as far as this server can tell. */
export interface RequestClient {
  /** The client's address: the socket's peer, or with TRUST_PROXY the first untrusted hop from the right. */
  address: string;
  /**
   * On this machine, talking to this server directly: a loopback socket, no forwarding headers, and no
   * TRUST_PROXY. Only such a caller may use the token-less local access (REST inventory, /metrics): a
   * reverse proxy on the same machine would otherwise make every caller behind it "local".
   */
  local: boolean;
  /** The client address is loopback and believable (unproxied, or named by a trusted proxy). */
  loopback: boolean;
}

const PROXY_HEADER = /^(forwarded|x-forwarded-.*|x-real-ip)$/;

/** Unwraps ::ffff:a.b.c.d, brackets and ports, so one client has one spelling in counters and audit entries. */
function normalizeAddress(text: string): string {
  let value = text.trim().replace(/^"|"$/g, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  return mapped ? mapped[1]! : value.toLowerCase();
}

function isLoopbackAddress(address: string): boolean {
  return address === '::1' || (isIP(address) === 4 && address.startsWith('127.'));
}

/** The hops a request claims it passed, leftmost (the original client) first. X-Forwarded-For wins: nearly every proxy writes it. */
function forwardedHops(req: IncomingMessage): string[] {
  const xff = req.headers['x-forwarded-for'];
  if (xff) return String(xff).split(',').map(normalizeAddress);
  const forwarded = req.headers.forwarded;
  if (!forwarded) return [];
  return forwarded.split(',').map((element) => {
    const pair = element
      .split(';')
      .map((p) => p.trim())
      .find((p) => p.toLowerCase().startsWith('for='));
    return pair ? normalizeAddress(pair.slice(4)) : 'unknown';
  });
}

/**
 * Resolves the client of a request under TRUST_PROXY: walks the forwarded hops from the right (the socket's
 * peer first) past trusted proxies. A hop that is not an address (`unknown`, an obfuscated name, garbage)
 * ends the walk at the proxy that reported it, so a caller can never choose its own counter key freely.
 */
export function createRequestClientResolver(trust: TrustProxy) {
  return (req: IncomingMessage): RequestClient => {
    const socket = normalizeAddress(req.socket.remoteAddress ?? 'unknown');
    const proxied = Object.keys(req.headers).some((name) => PROXY_HEADER.test(name));
    if (trust.kind === 'none') {
      const loopback = isLoopbackAddress(socket) && !proxied;
      return { address: socket, local: loopback, loopback };
    }
    const hops = [...forwardedHops(req), socket];
    let index = hops.length - 1;
    const trusted = (at: number) =>
      trust.kind === 'hops' ? hops.length - 1 - at < trust.hops : isTrustedProxy(trust, hops[at]!);
    while (index > 0 && trusted(index)) index--;
    if (isIP(hops[index]!) === 0 && index < hops.length - 1) index++;
    const address = hops[index]!;
    return { address, local: false, loopback: isLoopbackAddress(address) };
  };
}

export type RequestClientResolver = ReturnType<typeof createRequestClientResolver>;
