const ID_LIKE = [
  /^\d+$/, // 42
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // uuid
  /^[0-9a-f]{12,}$/i, // hex ids and hashes
  /^[a-z]{1,6}_[A-Za-z0-9]{6,}$/, // prefixed ids: usr_8f3a2c, ch_3Nq...
  /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{16,}$/, // long mixed tokens (base62/base64url ids)
];

/** `/api/users/usr_8f3a2c91/orders/42` → `/api/users/:id/orders/:id`, so errors group by endpoint. */
export function normalizeRoute(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment !== '' && ID_LIKE.some((pattern) => pattern.test(segment)) ? ':id' : segment))
    .join('/');
}
