import type { ServerResponse } from 'node:http';

// Every response is data (JSON) except the GraphiQL page; neither may be framed, sniffed or cached by proxies.
const COMMON: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

// GraphiQL runs inline bootstrapping scripts and Monaco workers from blob: URLs; nothing leaves this origin.
const PAGE_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline' blob:; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Headers set before any handler runs; a page (the console) may set its own CSP after them. */
export function applySecurityHeaders(res: ServerResponse, path: string): void {
  for (const [name, value] of Object.entries(COMMON)) res.setHeader(name, value);
  res.setHeader('content-security-policy', path === '/graphql' ? PAGE_CSP : API_CSP);
  if (!path.startsWith('/graphiql-assets/')) res.setHeader('cache-control', 'no-store');
}
