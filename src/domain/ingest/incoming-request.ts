import { z } from 'zod';

const headers = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v.join(', ') : String(v))));

/** One record as a capture agent sends it. Unknown keys are refused so typos are not silently dropped. */
export const incomingRequestSchema = z
  .object({
    id: z.string().min(1).max(200).optional().describe('Client-supplied id; a repeated id in the same bucket is stored once.'),
    bucket: z.string().min(1).max(200),
    method: z.string().regex(/^[A-Za-z]{1,16}$/, 'must be an HTTP method'),
    url: z.string().min(1).max(8192).refine((u) => URL.canParse(u), 'must be an absolute URL'),
    status: z.number().int().min(100).max(599),
    durationMs: z.number().min(0).max(86_400_000),
    timestamp: z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'must be an RFC 3339 time'),
    requestHeaders: headers.optional(),
    requestBody: z.string().nullable().optional(),
    responseHeaders: headers.optional(),
    responseBody: z.string().nullable().optional(),
    clientIp: z.string().max(64).nullable().optional(),
    userAgent: z.string().max(2000).nullable().optional(),
    blocked: z.boolean().optional(),
    blockedReason: z.string().max(500).nullable().optional(),
  })
  .strict();

export type IncomingRequest = z.infer<typeof incomingRequestSchema>;

const camelByKey = new Map<string, string>();

function camelize(key: string): string {
  let camel = camelByKey.get(key);
  if (camel === undefined) {
    camel = key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    // Keys repeat in every record; the cap keeps hostile input from growing the map.
    if (camelByKey.size >= 1000) camelByKey.clear();
    camelByKey.set(key, camel);
  }
  return camel;
}

/** snake_case keys (the REST and HAR shapes) to the camelCase the schema reads. */
export function camelizeKeys(record: unknown): unknown {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return record;
  // No prototype: a "__proto__" key is then an ordinary (refused) key, not a prototype to set.
  const camel = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(record)) camel[camelize(key)] = (record as Record<string, unknown>)[key];
  return camel;
}
