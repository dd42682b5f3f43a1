import { describe, expect, it } from 'vitest';
import { DEMO_REDACTION_RULES } from '../../../src/domain/demo/seed-demo.ts';
import type { IncomingRequest } from '../../../src/domain/ingest/incoming-request.ts';
import { prepareBatch } from '../../../src/domain/ingest/prepare-batch.ts';
import { vouchedFacts, vouchForRecord } from '../../../src/domain/ingest/read-incoming-request.ts';
import { compileExclusionRules } from '../../../src/domain/ingest/rules/exclusion-rules.ts';
import { compileRedactionRules } from '../../../src/domain/ingest/rules/redaction-rules.ts';

const target = { accountId: 'acc', environmentId: 'env', allowedBucketIds: null };
const demoRules = {
  buckets: [{ id: 'b1', name: 'payments-api' }],
  createsBuckets: false,
  excludedBy: compileExclusionRules([]),
  redact: compileRedactionRules(DEMO_REDACTION_RULES.map((rule, i) => ({ ...rule, id: `r${i}`, bucketIds: [] }))),
};
const record = (body: string) => ({
  bucket: 'payments-api',
  method: 'POST',
  url: 'https://api.example.com/v1/x',
  status: 200,
  duration_ms: 5,
  timestamp: new Date().toISOString(),
  request_body: body,
});

describe('preparing a batch', () => {
  it('cuts a 9 MB body to INGEST_MAX_BODY_BYTES before the demo rules and the sanitizer see it, within 200 ms', () => {
    const started = performance.now();
    const prepared = prepareBatch(target, demoRules, [record('a'.repeat(9 * 1024 * 1024))], {
      maxRecords: 10,
      maxBodyBytes: 65_536,
    });
    expect(performance.now() - started).toBeLessThan(200);
    const [stored] = prepared.records;
    expect(stored!.requestBody).toHaveLength(65_536);
    expect(stored!.requestBodyTruncated).toBe(true);
    expect(stored!.requestSize).toBe(9 * 1024 * 1024);
  });

  it('still masks an address in a body the demo rule sees', () => {
    const prepared = prepareBatch(target, demoRules, [record('{"to":"ana.silva@example.org"}')], {
      maxRecords: 10,
      maxBodyBytes: 65_536,
    });
    expect(prepared.records[0]!.requestBody).toMatch(/^\{"to":"sha256:[0-9a-f]{16}"\}$/);
  });
});

describe('preparing a record a typed reader vouched for', () => {
  it('stores what it stores of any copy of the record, reading the url parts and the instant it was given', () => {
    const timestampMs = Date.parse('2026-11-01T10:00:00.123Z');
    const urls = [
      'https://API.Example.com:443/v1/x?token=abc&b=2',
      'http://api.example.com/a/../payments-api/ana.silva@example.org',
      'http://[::1]:8080/health',
    ];
    for (const url of urls) {
      const record: IncomingRequest = {
        bucket: 'payments-api',
        method: 'GET',
        url,
        status: 200,
        durationMs: 5,
        timestamp: new Date(timestampMs).toISOString(),
        userAgent: 'curl/8',
      };
      const { host, pathname, search } = new URL(url);
      const vouchedRecord = vouchForRecord(record, timestampMs, { host, pathname, search });
      expect(vouchedFacts(vouchedRecord)).toEqual({ timestampMs, urlParts: { host, pathname, search } });
      const [vouched, read] = [vouchedRecord, record].map((input) => {
        const { publicId: _, ...row } = prepareBatch(target, demoRules, [input], {
          maxRecords: 10,
          maxBodyBytes: 65_536,
        }).records[0]!;
        return row;
      });
      expect(vouched, url).toEqual(read);
    }
  });
});
