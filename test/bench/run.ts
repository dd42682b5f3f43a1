import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type { DatabaseKind } from '../../src/db/database.ts';
import { analyticsTable, benchAnalytics, type AnalyticsPairs } from './analytics-bench.ts';
import { benchMcp, type McpBenchResult } from './mcp-bench.ts';
import { benchIngest, type IngestBenchResult } from './ingest-bench.ts';
import { benchOtlp, type OtlpBenchResult } from './otlp-bench.ts';
import { type PairedRatios, pairedFloorVerdict, pairedVerdict } from './paired-ratios.ts';
import { benchBareYoga, benchLoad, type LoadResult } from './load-bench.ts';
import { benchPurge, type PurgeBenchResult } from './purge-bench.ts';
import { benchPurgeVersusPartitions, type PartitionBenchResult } from './purge-partition-bench.ts';
import { benchRouteRollupCost, routeRollupRatios, type RouteRollupCostResult } from './route-rollup-cost-bench.ts';

// `npm run bench [-- --db pglite,postgres --sizes 1000000,5000000 --runs 15 --only analytics,mcp,ingest,route-rollups,otlp,load,purge,partitions --purge-rows 1000000]`: a benchmark, not a test.
const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite,postgres' },
    sizes: { type: 'string', default: '1000000,5000000' },
    runs: { type: 'string', default: '15' },
    only: { type: 'string', default: 'analytics,mcp,ingest,route-rollups,otlp,load,purge,partitions' },
    'load-seconds': { type: 'string', default: '30' },
    'ingest-records': { type: 'string', default: '50000' },
    // OTLP beside JSON: the records of each path are sent in this many pairs of halves, one path a half, ABBA.
    'otlp-rounds': { type: 'string', default: '30' },
    // Route rollups' ingest cost: storeRequests with and without them, this many pairs of blocks (ABBA order) of
    // this many records each; short blocks and many pairs, so the pair ratios' quartiles show the noise.
    'route-rollup-pairs': { type: 'string', default: '24' },
    'route-rollup-block': { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '10' },
    // One expired day of this many requests is purged; 1,000,000 is the size, slow on a shared machine.
    'purge-rows': { type: 'string', default: '1000000' },
  },
});
const only = values.only.split(',');
const kinds = values.db.split(',') as DatabaseKind[];
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);

const results: AnalyticsPairs[] = [];
if (only.includes('analytics')) for (const kind of kinds) results.push(await benchAnalytics(kind, sizes, runs));
const ingestResults: IngestBenchResult[] = [];
if (only.includes('ingest'))
  for (const kind of kinds) ingestResults.push(await benchIngest(kind, Number(values['ingest-records'])));
const routeCostResults: RouteRollupCostResult[] = [];
if (only.includes('route-rollups'))
  for (const kind of kinds)
    routeCostResults.push(
      await benchRouteRollupCost(kind, Number(values['route-rollup-block']), Number(values['route-rollup-pairs'])),
    );
const otlpResults: OtlpBenchResult[] = [];
if (only.includes('otlp'))
  for (const kind of kinds)
    otlpResults.push(await benchOtlp(kind, Number(values['ingest-records']), Number(values['otlp-rounds'])));
const mcpResults: McpBenchResult[] = [];
if (only.includes('mcp'))
  for (const kind of kinds) mcpResults.push(await benchMcp(kind, runs * 10, Number(values.seconds)));
const loadResults: LoadResult[] = [];
if (only.includes('load')) {
  const seconds = Number(values['load-seconds']);
  for (const kind of kinds) loadResults.push(...(await benchLoad(kind, seconds)));
  loadResults.push(await benchBareYoga(seconds));
}

const purgeResults: PurgeBenchResult[] = [];
if (only.includes('purge'))
  for (const kind of kinds) purgeResults.push(await benchPurge(kind, Number(values['purge-rows'])));

// PostgreSQL only: PGlite has no second connection to read from while it deletes, and no partitions are planned for it.
const partitionResults: PartitionBenchResult[] = [];
if (only.includes('partitions') && kinds.includes('postgres'))
  partitionResults.push(await benchPurgeVersusPartitions(Number(values['purge-rows'])));

const lines: string[] = [];
const reads = (r: { count: number; medianMs: number; maxMs: number }) =>
  `median ${r.medianMs.toFixed(1)} ms, max ${r.maxMs.toFixed(1)} ms over ${r.count} reads`;
for (const r of partitionResults) {
  lines.push(
    `Purge vs partitions (postgres): ${r.rows.toLocaleString('en-US')} rows of one expired day loaded by COPY in ${r.copySeconds.toFixed(1)} s; ` +
      `recent-traffic count idle: ${reads(r.readsIdle)}; ` +
      `batched DELETE (runPurge) ${r.deleteSeconds.toFixed(1)} s in ${r.deleteBatches} batches, reads meanwhile: ${reads(r.readsDuringDelete)}; ` +
      `DROP of the day's partition ${r.dropMs.toFixed(1)} ms, reads meanwhile: ${reads(r.readsDuringDrop)}`,
  );
}
for (const r of purgeResults) {
  lines.push(
    `Purge ${r.kind}: one expired day of ${r.rows.toLocaleString('en-US')} requests deleted in ${r.seconds.toFixed(1)} s (${r.batches} batches, ~${r.batchMs.toFixed(0)} ms per ${'5,000'}-row batch); ` +
      `a recent-traffic count read meanwhile: median ${r.readMedianMs.toFixed(1)} ms, max ${r.readMaxMs.toFixed(1)} ms over ${r.readsDuringPurge} reads`,
  );
}
if (results.length > 0) {
  lines.push(
    `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    ...analyticsTable(results, runs),
  );
}
if (ingestResults.length > 0) {
  lines.push(
    '',
    `Ingest throughput: ${values['ingest-records']} demo-shaped records in batches of 500, 10 exclusion and 10 redaction rules active`,
    '',
    '| database | pipeline, 1 batch at a time (records/s) | pipeline, 4 in flight (records/s) | POST /api/v1/ingest, 4 senders (records/s) | preparing alone (µs/record) | database alone, 1 writer (records/s) | database alone, 4 writers (records/s) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...ingestResults.map(
      (r) =>
        `| ${r.kind} | ${r.pipelinePerSecond.toFixed(0)} | ${r.pipelineFourPerSecond.toFixed(0)} | ${r.httpPerSecond.toFixed(0)} | ${r.prepareMicros.toFixed(1)} | ${r.storeOnePerSecond.toFixed(0)} | ${r.storeFourPerSecond.toFixed(0)} |`,
    ),
  );
}
if (routeCostResults.length > 0) {
  const iqr = ({ median, q1, q3 }: PairedRatios) => `${median.toFixed(3)} (${q1.toFixed(3)}–${q3.toFixed(3)})`;
  const within = (ratio: PairedRatios) =>
    `${ratio.low.toFixed(3)}–${ratio.high.toFixed(3)} | ${pairedFloorVerdict(ratio, 0.9).replace(/ \(.*\)$/, '')}`;
  lines.push(
    '',
    `Route rollups' ingest cost: ${values['route-rollup-pairs']} pairs of ${values['route-rollup-block']} demo records through storeRequests with and without route rollups (ABBA order, warm-up pair dropped, statistics refreshed untimed), 1 writer, batches of 500, one database; with / without per pair, median (interquartile range), the median's 95% interval and whether it shows the rate within 10% (interval at or above 0.90). CPU = this process plus, on PostgreSQL, the server's client backends`,
    '',
    '| database | with (records/s, median) | without (records/s, median) | rate with / without | 95% interval | within 10% | CPU time: without / with |',
    '|---|---:|---:|---:|---|---|---:|',
    ...routeCostResults.map((r) => {
      const { rate, cpu, withPerSecond, withoutPerSecond } = routeRollupRatios(r);
      return `| ${r.kind} | ${withPerSecond.toFixed(0)} | ${withoutPerSecond.toFixed(0)} | ${iqr(rate)} | ${within(rate)} | ${iqr(cpu)}${r.kind === 'postgres' && !r.serverCpu ? ' (client only)' : ''} |`;
    }),
  );
}
if (otlpResults.length > 0) {
  const { records, pairs } = otlpResults[0]!;
  lines.push(
    '',
    `OTLP intake beside JSON ingest: ${records} requests each over HTTP in ${pairs} pairs of ${records / pairs} a path (the two halves of a pair back to back, ABBA order; rates are medians of the halves, OTLP / JSON the median of the pairs' ratios with its interquartile range and 95% interval), batches of 512 (the SDK's batch processor), one at a time, no rules; physical limit = COPY of the same rows into an unindexed table, nothing else`,
    '',
    '| database | POST /api/v1/ingest (records/s) | POST /v1/traces (spans/s) | OTLP / JSON, median of pairs | interquartile range | 95% interval | OTLP at least as fast as JSON | COPY limit (rows/s) | JSON / limit | OTLP / limit |',
    '|---|---:|---:|---:|---|---|---|---:|---:|---:|',
    ...otlpResults.map(({ otlpToJson: ratio, ...r }) => {
      const cells = [
        r.kind,
        r.jsonPerSecond.toFixed(0),
        r.otlpPerSecond.toFixed(0),
        ratio.median.toFixed(3),
        `${ratio.q1.toFixed(3)}–${ratio.q3.toFixed(3)}`,
        `${ratio.low.toFixed(3)}–${ratio.high.toFixed(3)}`,
        pairedVerdict(ratio).replace(/ \(.*\)$/, ''),
        r.copyPerSecond.toFixed(0),
        (r.jsonPerSecond / r.copyPerSecond).toFixed(2),
        (r.otlpPerSecond / r.copyPerSecond).toFixed(2),
      ];
      return `| ${cells.join(' | ')} |`;
    }),
    '',
    ...otlpResults.map(
      (r) => `${r.kind}, OTLP / JSON each pair: ${r.otlpToJsonPerPair.map((x) => x.toFixed(4)).join(', ')}`,
    ),
  );
}
if (mcpResults.length > 0) {
  lines.push(
    '',
    `MCP get_metrics (1h range, 20k requests), medians over ${runs * 10} calls; calls/s over ${values.seconds} s`,
    '',
    '| database | GraphQL in process (ms) | tool call in process (ms) | MCP overhead in process (ms) | GraphQL over HTTP (ms) | tool call over HTTP (ms) | overhead over HTTP (ms) | 1 session (calls/s) | 50 sessions (calls/s) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...mcpResults.map(
      (r) =>
        `| ${r.kind} | ${r.directMs.toFixed(2)} | ${r.inProcessToolMs.toFixed(2)} | ${(r.inProcessToolMs - r.directMs).toFixed(2)} | ${r.graphqlHttpMs.toFixed(2)} | ${r.toolCallMs.toFixed(2)} | ${(r.toolCallMs - r.graphqlHttpMs).toFixed(2)} | ${r.oneSessionPerSecond.toFixed(0)} | ${r.fiftySessionsPerSecond.toFixed(0)} |`,
    ),
    '',
    'The same tool from the SDK v2 client on the stateless 2026-07-28 revision (no session):',
    '',
    '| database | tool call over HTTP (ms) | overhead over HTTP (ms) | 1 client (calls/s) | 50 clients (calls/s) |',
    '|---|---:|---:|---:|---:|',
    ...mcpResults.map(
      (r) =>
        `| ${r.kind} | ${r.statelessToolCallMs.toFixed(2)} | ${(r.statelessToolCallMs - r.graphqlHttpMs).toFixed(2)} | ${r.oneStatelessClientPerSecond.toFixed(0)} | ${r.fiftyStatelessClientsPerSecond.toFixed(0)} |`,
    ),
  );
}
if (loadResults.length > 0) {
  const bare = loadResults.find((r) => r.kind === 'bare yoga');
  lines.push(
    '',
    `Load: ${values['load-seconds']} s per scenario, 50 concurrent clients (autocannon, loopback), server in its own process, rate limits off`,
    '',
    '| database | scenario | requests/s | p50 (ms) | p99 (ms) | errors | requests | p50 vs bare yoga |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...loadResults.map(
      (r) =>
        `| ${r.kind} | ${r.scenario} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.requests} | ${bare && bare.p50Ms > 0 ? (r.p50Ms / bare.p50Ms).toFixed(1) : '-'}x |`,
    ),
  );
}
console.log(lines.join('\n'));
