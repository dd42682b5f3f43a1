// Probe: `tsx test/bench/probe-otlp-stages.ts [iterations] [rounds]` times, in process, per 512-request batch of
// the bench, what each path does before the database: the JSON body parsed or the protobuf export read into
// records, then the capture pipeline's preparation (validation, rules, sanitizer), then the COPY text. It first
// checks that both paths give the same rows. The candidates take turns round by round; fastest and median.
import { parseRecords } from '../../src/rest/ingest-route.ts';
import { collectSpanRecords } from '../../src/domain/otlp/collect-span-records.ts';
import { decodeTraceRequest } from '../../src/domain/otlp/decode-trace-request.ts';
import { prepareBatch } from '../../src/domain/ingest/prepare-batch.ts';
import { compileExclusionRules } from '../../src/domain/ingest/rules/exclusion-rules.ts';
import { compileRedactionRules } from '../../src/domain/ingest/rules/redaction-rules.ts';
import { copyRow } from '../../src/db/copy-text.ts';
import { requestValues } from '../../src/domain/ingest/store-requests.ts';
import { benchRequests, jsonRecord, otlpExport } from './otlp-bench.ts';

const iterations = Number(process.argv[2] ?? 50);
const rounds = Number(process.argv[3] ?? 20);
const bodies = Array.from({ length: 8 }, (_, i) => benchRequests(512, i + 1));
const jsonBodies = bodies.map((r) => Buffer.from(JSON.stringify(r.map(jsonRecord))));
const otlpBodies = bodies.map((r) => Buffer.from(otlpExport(r)));
const rules = {
  buckets: [{ id: 'b1', name: 'checkout' }],
  createsBuckets: false,
  excludedBy: compileExclusionRules([]),
  redact: compileRedactionRules([]),
};
const target = { accountId: 'a', environmentId: 'e', allowedBucketIds: null };
const limits = { maxRecords: 1000, maxBodyBytes: 65536 };
const jsonRecords = (i: number) => parseRecords(jsonBodies[i % 8]!.toString('utf8'), 'application/json').records;
const otlpRecords = (i: number) =>
  collectSpanRecords(decodeTraceRequest(otlpBodies[i % 8]!, 'protobuf')).groups[0]!.records;
const prepare = (records: unknown[]) => prepareBatch(target, rules, records, limits);
const copyText = (records: unknown[]) =>
  prepare(records)
    .records.map((r) => copyRow(requestValues(r)))
    .join('');
const jsonRows = copyText(jsonRecords(0));
const otlpRows = copyText(otlpRecords(0));
// Rows differ only in their random public id, the first column.
const withoutPublicIds = (text: string) =>
  text
    .split('\n')
    .map((line) => line.split('\t').slice(1).join('\t'))
    .join('\n');
if (withoutPublicIds(jsonRows) !== withoutPublicIds(otlpRows)) throw new Error('the two paths give different rows');
const candidates: Record<string, (i: number) => unknown> = {
  'JSON decode': jsonRecords,
  'OTLP decode': otlpRecords,
  'JSON decode+prepare': (i) => prepare(jsonRecords(i)),
  'OTLP decode+prepare': (i) => prepare(otlpRecords(i)),
  'JSON decode+prepare+copy': (i) => copyText(jsonRecords(i)),
  'OTLP decode+prepare+copy': (i) => copyText(otlpRecords(i)),
};
const perRound = new Map<string, number[]>(Object.keys(candidates).map((n) => [n, []]));
for (let round = 0; round <= rounds; round++)
  for (const [name, work] of Object.entries(candidates)) {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) work(i);
    if (round > 0) perRound.get(name)!.push((performance.now() - started) / iterations);
  }
for (const [name, times] of perRound) {
  times.sort((x, y) => x - y);
  console.log(
    `${name.padEnd(28)} fastest ${times[0]!.toFixed(3)} median ${times[Math.floor(times.length / 2)]!.toFixed(3)} ms/batch`,
  );
}
