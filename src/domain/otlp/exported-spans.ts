import type { HttpSpanAttributes } from './http-span-attributes.ts';
import type { Uint64 } from './otlp-messages.ts';
import type { AttributeValue } from './span-attributes.ts';

/** What the mapping reads of one span, whichever encoding the export came in. */
export interface SpanFacts {
  kind: number;
  name: string;
  /** Ids as hex, as a record's id carries them; empty when the span is no SERVER span (never read then). */
  traceId: string;
  spanId: string;
  startTimeUnixNano: Uint64;
  endTimeUnixNano: Uint64;
  http: HttpSpanAttributes;
}

/** One ResourceSpans of an export: its resource's attributes and the spans of all its scopes. */
export interface ResourceFacts {
  attributes: ReadonlyMap<string, AttributeValue>;
  spans: SpanFacts[];
}
