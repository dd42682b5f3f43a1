// Probe: `tsx test/bench/probe-otlp-decode.ts [iterations] [rounds]` times, in process, what /v1/traces and
// /api/v1/ingest do to one 512-request batch (the bench's) before the pipeline: reading the protobuf export
// and its spans as records, against the JSON body's decode and parse, and against decoding the export into
// protobufjs message objects first (what /v1/traces did before run 25). Medians of the rounds, per batch.
import { parseRecords } from '../../src/rest/ingest-route.ts';
import { collectSpanRecords } from '../../src/domain/otlp/collect-span-records.ts';
import { decodeTraceRequest } from '../../src/domain/otlp/decode-trace-request.ts';
import { resourcesOfMessage } from '../../src/domain/otlp/message-spans.ts';
import { ExportTraceServiceRequest, type TraceRequest } from '../../src/domain/otlp/otlp-messages.ts';
import { benchRequests, jsonRecord, otlpExport } from './otlp-bench.ts';

const iterations = Number(process.argv[2] ?? 100);
const rounds = Number(process.argv[3] ?? 30);
const requests = benchRequests(512, 1);
const jsonBody = Buffer.from(JSON.stringify(requests.map(jsonRecord)));
const otlpBody = Buffer.from(otlpExport(requests));

const decoded = decodeTraceRequest(otlpBody, 'protobuf');
const candidates: Record<string, () => unknown> = {
  'JSON: utf8 + parse': () => parseRecords(jsonBody.toString('utf8'), 'application/json'),
  'OTLP: read the export': () => decodeTraceRequest(otlpBody, 'protobuf'),
  'OTLP: spans to records': () => collectSpanRecords(decoded),
  'OTLP: both': () => collectSpanRecords(decodeTraceRequest(otlpBody, 'protobuf')),
  'OTLP via message objects: both': () =>
    collectSpanRecords(resourcesOfMessage(ExportTraceServiceRequest.decode(otlpBody) as unknown as TraceRequest)),
};

// The candidates take turns, round by round, so load from the rest of the machine falls on all of them alike;
// the fastest round of each is the least disturbed, the median shows the spread.
const perRound = new Map<string, number[]>(Object.keys(candidates).map((name) => [name, []]));
for (let round = 0; round <= rounds; round++) {
  for (const [name, work] of Object.entries(candidates)) {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) work();
    if (round > 0) perRound.get(name)!.push((performance.now() - started) / iterations);
  }
}
console.log(
  `bodies: JSON ${jsonBody.length} bytes, OTLP ${otlpBody.length} bytes; ${iterations} calls x ${rounds} rounds`,
);
for (const [name, times] of perRound) {
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(32)} fastest ${times[0]!.toFixed(3)} ms, median ${times[Math.floor(times.length / 2)]!.toFixed(3)} ms per batch`,
  );
}
