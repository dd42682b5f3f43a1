import { z } from 'zod';
import { isStorableTimeText, STORABLE_RANGE_TEXT } from '../time/storable-time.ts';
import { BoundedMap } from '../bounded-map.ts';
import { storableHeaders, storableText } from './storable-text.ts';

// Every text field that is stored goes through storableText here, once, so nothing downstream sees text
// PostgreSQL cannot hold.
const text = (schema: z.ZodString) => schema.transform(storableText);

const headers = z
  .record(
    z.string(),
    z
      .union([z.string(), z.number(), z.array(z.string())])
      .transform((v) => (Array.isArray(v) ? v.join(', ') : String(v))),
  )
  .transform(storableHeaders);

/** One record as a capture agent sends it. Unknown keys are refused so typos are not silently dropped. */
export const incomingRequestSchema = z
  .object({
    id: text(z.string().min(1).max(200))
      .optional()
      .describe('Client-supplied id; a repeated id in the same bucket is stored once.'),
    bucket: z.string().min(1).max(200),
    method: z.string().regex(/^[A-Za-z]{1,16}$/, 'must be an HTTP method'),
    url: text(
      z
        .string()
        .min(1)
        .max(8192)
        .refine((u) => URL.canParse(u), 'must be an absolute URL'),
    ),
    route: text(z.string().min(1).max(2000))
      .optional()
      .describe("The server's route template (`/users/:id`); guessed from the path when omitted."),
    status: z.number().int().min(100).max(599),
    durationMs: z.number().min(0).max(86_400_000),
    timestamp: z
      .string()
      .refine((t) => !Number.isNaN(Date.parse(t)), 'must be an RFC 3339 time')
      .refine((t) => isStorableTimeText(t), `must be within ${STORABLE_RANGE_TEXT}`),
    requestHeaders: headers.optional(),
    requestBody: text(z.string()).nullable().optional(),
    responseHeaders: headers.optional(),
    responseBody: text(z.string()).nullable().optional(),
    clientIp: text(z.string().max(64)).nullable().optional(),
    userAgent: text(z.string().max(2000)).nullable().optional(),
    blocked: z.boolean().optional(),
    blockedReason: text(z.string().max(500)).nullable().optional(),
  })
  .strict();

export type IncomingRequest = z.infer<typeof incomingRequestSchema>;

// Keys repeat in every record.
const camelByKey = new BoundedMap<string, string>(1000);

function camelize(key: string): string {
  let camel = camelByKey.get(key);
  if (camel === undefined) {
    camel = key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
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
