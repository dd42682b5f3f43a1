import { expect } from 'vitest';
import { TEST_ADMIN_TOKEN } from './app-server.ts';

/** What the user picks on the consent page, in the consent route's JSON decision. */
export interface ConsentDecision {
  environment: string;
  /** null: every bucket of the environment's account. */
  buckets: string[] | null;
  scopes: string[];
}

/**
 * Follows an authorization request as a browser would, cookies carried by hand, signed in as the
 * administrator, and approves the consent step with `decision`. Returns where the flow ended: the client's
 * redirect URI with its code or error, or a page of this server that answered without redirecting (its
 * status in the hash, `#status=400`). Without a browser, so each step can be provoked exactly.
 */
export async function approveAuthorization(appUrl: string, url: URL, decision: ConsentDecision): Promise<URL> {
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = pair!.split('=');
      cookies.set(name!, value ?? '');
    }
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  let next = url;
  for (let hop = 0; hop < 6; hop++) {
    if (next.origin !== appUrl || next.pathname === '/callback') return next;
    if (next.pathname.startsWith('/oauth/consent/')) {
      const decided = await fetch(`${next.href}/decision`, {
        method: 'POST',
        headers: {
          cookie: cookieHeader(),
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ approve: true, ...decision }),
      });
      expect(decided.status).toBe(200);
      next = new URL(((await decided.json()) as { redirectTo: string }).redirectTo, appUrl);
      continue;
    }
    const response = await fetch(next, { redirect: 'manual', headers: { cookie: cookieHeader() } });
    keep(response);
    const location = response.headers.get('location');
    if (!location) return Object.assign(new URL(next), { hash: `status=${response.status}` });
    next = new URL(location, appUrl);
  }
  throw new Error('too many redirects');
}
