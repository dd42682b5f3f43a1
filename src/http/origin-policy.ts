/**
 * DNS-rebinding protection for endpoints a browser could be tricked into calling: requests without an
 * Origin (CLI tools, MCP clients) pass; a browser Origin must be loopback or in ALLOWED_ORIGINS.
 */
export function createOriginPolicy(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins.map((origin) => origin.replace(/\/$/, '').toLowerCase()));
  return (origin: string | undefined): boolean => {
    if (origin === undefined || origin === '') return true;
    const normalized = origin.replace(/\/$/, '').toLowerCase();
    if (allowed.has('*') || allowed.has(normalized)) return true;
    try {
      const url = new URL(normalized);
      return (
        ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) &&
        (url.protocol === 'http:' || url.protocol === 'https:')
      );
    } catch {
      return false;
    }
  };
}

export type OriginPolicy = ReturnType<typeof createOriginPolicy>;
