import { z } from 'zod';
import { McpComparePeriodsDocument, type McpComparePeriodsQuery } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import { listedOnce } from '../tool-list.ts';
import {
  bucketArgument,
  bucketsVariable,
  coverageOutput,
  rangeOutput,
  rangeVariable,
  timeArguments,
} from '../tool-arguments.ts';
import { incompleteLine, table } from '../text-format.ts';
import { readableCount, readableMs, readablePercent, readableRatio } from './number-format.ts';
import {
  MIN_COMPARE_REQUESTS,
  MIN_ERROR_RATE_DELTA,
  MIN_ERROR_RATE_RATIO,
  MIN_P95_RATIO,
} from '../../domain/analytics/compare-periods.ts';
import { CRITICAL_Z } from '../../domain/analytics/significance.ts';

type Comparison = McpComparePeriodsQuery['comparePeriods']['overall'];

const periodOutput = listedOnce(
  'period',
  z.object({
    requests: z.number(),
    requests_per_minute: z.number(),
    error_rate: z.number(),
    p50_ms: z.number().nullable(),
    p95_ms: z.number().nullable(),
    p99_ms: z.number().nullable(),
  }),
);
const verdict = listedOnce('verdict', z.enum(['regressed', 'improved', 'unchanged', 'insufficient_data']));
const comparisonOutput = listedOnce(
  'comparison',
  z.object({
    endpoint: z.string().describe('METHOD /route, or "overall".'),
    verdict,
    latency: verdict,
    error_rate: verdict,
    p95_ratio: z.number().nullable(),
    throughput_ratio: z.number().nullable(),
    impact: z.number(),
    before: periodOutput,
    after: periodOutput,
  }),
);

const round = (n: number | null) => (n === null ? null : Math.round(n * 1000) / 1000);
const period = (p: Comparison['before']) => ({
  requests: p.count,
  requests_per_minute: round(p.requestsPerMinute)!,
  error_rate: round(p.errorRate)!,
  p50_ms: round(p.p50Ms),
  p95_ms: round(p.p95Ms),
  p99_ms: round(p.p99Ms),
});
const name = (c: Comparison) => (c.method ? `${c.method} ${c.route}` : 'overall');
const toOutput = (c: Comparison): z.infer<typeof comparisonOutput> => ({
  endpoint: name(c),
  verdict: c.verdict,
  latency: c.latency.verdict,
  error_rate: c.errorRate.verdict,
  p95_ratio: round(c.p95Ratio),
  throughput_ratio: round(c.throughputRatio),
  impact: Math.round(c.impact),
  before: period(c.before),
  after: period(c.after),
});

const called = (v: string) => v === 'regressed' || v === 'improved';

/** "POST /api/payments p95 1,976 ms after vs 420 ms before, 4.7x, n=412/398, significant". */
function headline(c: Comparison): string {
  const parts: string[] = [];
  if (called(c.latency.verdict))
    parts.push(
      `p95 ${readableMs(c.after.p95Ms)} after vs ${readableMs(c.before.p95Ms)} before, ${readableRatio(c.p95Ratio)}`,
    );
  if (called(c.errorRate.verdict))
    parts.push(
      `error rate ${readablePercent(c.after.errorRate)} after vs ${readablePercent(c.before.errorRate)} before`,
    );
  return `${name(c)} ${parts.join(', ')}, n=${c.after.count}/${c.before.count}, significant (${c.verdict})`;
}

function answer(result: McpComparePeriodsQuery['comparePeriods'], listed: Comparison[]): string {
  const changed = listed.filter((c) => called(c.verdict));
  const insufficient = result.insufficientCount;
  const unchanged = result.totalEndpoints - result.significantCount - insufficient;
  const rest = `${unchanged} other endpoint${unchanged === 1 ? '' : 's'} unchanged${insufficient ? `, ${insufficient} with under ${result.minimumRequests} requests not judged` : ''}`;
  if (changed.length === 0) return `No significant change: ${rest.replace(' other', '')}.`;
  const more = result.significantCount - changed.length;
  return `${changed.map(headline).join('; ')}${more > 0 ? `; ${more} more changed (raise limit)` : ''}; ${rest}.`;
}

export const comparePeriodsTool = defineTool({
  name: 'compare_periods',
  title: 'Compare two periods per endpoint',
  description: `What changed? Per endpoint and overall: p50/p95/p99, error rate and throughput in the range (default last 24h) against the same length just before it (or baseline_from/baseline_to), or \`window\` either side of event_id. Changed endpoints first, by impact. A change is called with ≥${MIN_COMPARE_REQUESTS} requests per period, |z| ≥ ${CRITICAL_Z} and p95 ×${MIN_P95_RATIO} or error rate +${MIN_ERROR_RATE_DELTA * 100} point and ×${MIN_ERROR_RATE_RATIO}; throughput is not judged.`,
  scopes: ['traffic:read'],
  annotations: READ_ONLY,
  input: z
    .object({
      ...timeArguments,
      baseline_from: z
        .string()
        .max(40)
        .optional()
        .describe('Baseline start (RFC 3339 or now-2d). Default: the same length just before.'),
      baseline_to: z.string().max(40).optional().describe('Baseline end.'),
      event_id: z.string().max(100).optional().describe('From list_events; instead of ranges.'),
      window: z.string().max(10).optional().describe('With event_id: each side, e.g. 30m, 1h (default), 1d.'),
      ...bucketArgument,
      limit: z.number().int().min(1).max(100).optional().describe('Endpoints listed. Default 10.'),
    })
    .strict(),
  output: z.object({
    before: rangeOutput,
    after: rangeOutput,
    coverage: z.object({ before: coverageOutput, after: coverageOutput }),
    event: z.object({ id: z.string(), title: z.string(), type: z.string(), started_at: z.string() }).nullable(),
    minimum_requests: z.number(),
    total_endpoints: z.number(),
    significant_count: z.number(),
    overall: comparisonOutput,
    endpoints: z.array(comparisonOutput),
  }),
  argumentNames: {
    event: 'event_id',
    before: 'baseline_from/baseline_to',
    after: 'since/from/to',
    'before.from': 'baseline_from',
    'before.to': 'baseline_to',
    'before.since': 'baseline_from',
  },
  async run(args, { execute }) {
    const ranged = args.since || args.from || args.to;
    const baseline = args.baseline_from || args.baseline_to;
    const { comparePeriods: result } = await execute(McpComparePeriodsDocument, {
      after: ranged ? rangeVariable(args) : null,
      before: baseline ? { since: null, from: args.baseline_from ?? null, to: args.baseline_to ?? null } : null,
      event: args.event_id ?? null,
      window: args.window ?? null,
      buckets: bucketsVariable(args.bucket),
      first: args.limit ?? 10,
    });
    const o = result.overall;
    const around = result.event
      ? ` around ${result.event.type} "${result.event.title}" (${result.event.startedAt})`
      : '';
    return {
      structured: {
        before: result.before,
        after: result.after,
        coverage: { before: result.beforeCoverage, after: result.afterCoverage },
        event: result.event
          ? {
              id: result.event.id,
              title: result.event.title,
              type: result.event.type,
              started_at: result.event.startedAt,
            }
          : null,
        minimum_requests: result.minimumRequests,
        total_endpoints: result.totalEndpoints,
        significant_count: result.significantCount,
        overall: toOutput(o),
        endpoints: result.endpoints.map(toOutput),
      },
      text: [
        answer(result, result.endpoints),
        `Before ${result.before.from} to ${result.before.to}; after ${result.after.from} to ${result.after.to}${around}.`,
        incompleteLine(result.beforeCoverage, 'before'),
        incompleteLine(result.afterCoverage, 'after'),
        `Overall: p95 ${readableMs(o.after.p95Ms)} vs ${readableMs(o.before.p95Ms)}, errors ${readablePercent(o.after.errorRate)} vs ${readablePercent(o.before.errorRate)}, ${readableCount(o.after.count)}/${readableCount(o.before.count)} requests, throughput ${readableRatio(o.throughputRatio) ?? '-'}.`,
        table(
          ['endpoint', 'verdict', 'n after/before', 'p95 after', 'p95 before', 'errors after', 'errors before', 'rate'],
          result.endpoints.map((c) => [
            name(c),
            c.verdict,
            `${c.after.count}/${c.before.count}`,
            readableMs(c.after.p95Ms),
            readableMs(c.before.p95Ms),
            readablePercent(c.after.errorRate),
            readablePercent(c.before.errorRate),
            readableRatio(c.throughputRatio),
          ]),
        ),
        result.endpoints.length < result.totalEndpoints
          ? `Showing ${result.endpoints.length} of ${result.totalEndpoints} endpoints; ${result.totalEndpoints - result.endpoints.length} not shown (raise limit, up to 100).`
          : null,
      ]
        .filter((line) => line !== null)
        .join('\n'),
    };
  },
});
