import type { IncomingRequest } from '../ingest/incoming-request.ts';
import type { ResourceFacts } from './exported-spans.ts';
import { textAttribute } from './span-attributes.ts';
import { spanToRecord } from './span-to-record.ts';

/** The records of one environment: the one a resource names, or undefined for the caller's own. */
export interface EnvironmentRecords {
  environment: string | undefined;
  records: IncomingRequest[];
}

export interface CollectedSpans {
  groups: EnvironmentRecords[];
  skipped: number;
  /** Spans that are HTTP server spans but cannot be read as requests, each with why. */
  rejected: string[];
}

/**
 * Every span of an export as a capture record, grouped by environment. The bucket is the resource's
 * `trafficgraph.bucket`, else its `service.name`; the environment is its `deployment.environment.name`
 * (or the older `deployment.environment`), which the ingest operation checks against the caller's token.
 */
export function collectSpanRecords(resources: readonly ResourceFacts[]): CollectedSpans {
  const byEnvironment = new Map<string | undefined, IncomingRequest[]>();
  const collected: CollectedSpans = { groups: [], skipped: 0, rejected: [] };
  for (const { attributes: resource, spans } of resources) {
    const bucket = textAttribute(resource, 'trafficgraph.bucket', 'service.name') ?? '';
    const environment = textAttribute(resource, 'deployment.environment.name', 'deployment.environment');
    let records = byEnvironment.get(environment);
    for (const span of spans) {
      const reading = spanToRecord(span, bucket);
      if (reading.kind === 'skipped') collected.skipped += 1;
      else if (reading.kind === 'rejected') collected.rejected.push(reading.reason);
      else {
        if (!records) byEnvironment.set(environment, (records = []));
        records.push(reading.record);
      }
    }
  }
  collected.groups = [...byEnvironment].map(([environment, records]) => ({ environment, records }));
  return collected;
}
