import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Access tokens start `tgp_` (public prefix kept for display), admin tokens `tga_`; 32 random base62 characters follow. */
export type TokenKind = 'access' | 'admin';

export function generateTokenSecret(kind: TokenKind): string {
  const bytes = randomBytes(48);
  let body = '';
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 62).
  for (const byte of bytes) {
    if (byte < 248) body += ALPHABET[byte % 62];
    if (body.length === 32) break;
  }
  while (body.length < 32) body += ALPHABET[randomBytes(1)[0]! % 62];
  return `${kind === 'admin' ? 'tga' : 'tgp'}_${body}`;
}

/** Secrets trafficgraph made (access and admin tokens); anything else may be an OAuth access token. */
export function isStaticTokenSecret(secret: string): boolean {
  return /^tg[pa]_/.test(secret);
}

/** SHA-256 is enough: the secrets are 190 bits of randomness, not passwords. */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The non-secret part shown in lists: the kind marker and 6 characters (36 bits, not enough to guess the rest). */
export function tokenDisplayPrefix(secret: string): string {
  return secret.slice(0, 10);
}

export function constantTimeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
