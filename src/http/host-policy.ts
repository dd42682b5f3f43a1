import { hostname, networkInterfaces } from 'node:os';

export interface HostPolicySettings {
  /** HOST, the address the server listens on. */
  listenHost: string;
  publicUrl: URL | null;
}

const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** The host name of a Host header, lower case, without port, brackets or a trailing dot; null when malformed. */
function hostNameOf(header: string): string | null {
  const match = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9._-]+))(?::\d{1,5})?$/i.exec(header.trim());
  if (!match) return null;
  return (match[1] ?? match[2]!).toLowerCase().replace(/\.$/, '');
}

function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/** Every address of this machine and its name: what a client can dial when the server listens on all of them. */
function namesOfThisMachine(): string[] {
  const addresses = Object.values(networkInterfaces()).flatMap((list) =>
    (list ?? []).map((entry) => entry.address.toLowerCase()),
  );
  return [...addresses, hostname().toLowerCase()];
}

/**
 * DNS-rebinding protection beside the Origin check: a page on evil.example whose name now resolves to this
 * server still sends `Host: evil.example`. Accepted: loopback names, the listen address (every address of
 * this machine when listening on all), and the host of PUBLIC_URL. A request without Host (HTTP/1.0) passes:
 * browsers always send one.
 */
export function createHostPolicy(settings: HostPolicySettings) {
  const listen = settings.listenHost.toLowerCase().replace(/^\[|\]$/g, '');
  const accepted = new Set<string>(WILDCARD.has(listen) ? namesOfThisMachine() : [listen]);
  if (settings.publicUrl) accepted.add(settings.publicUrl.hostname.toLowerCase().replace(/^\[|\]$/g, ''));
  return (header: string | undefined): boolean => {
    if (header === undefined) return true;
    const name = hostNameOf(header);
    return name !== null && (isLoopbackName(name) || accepted.has(name));
  };
}

export type HostPolicy = ReturnType<typeof createHostPolicy>;
