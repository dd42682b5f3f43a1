import { z } from 'zod';
import { McpAnomaliesDocument, type McpAnomaliesQuery } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import {
  bucketArgument,
  bucketsVariable,
  coverageOutput,
  rangeOutput,
  rangeVariable,
  timeArguments,
} from '../tool-arguments.ts';
import { incompleteLine, table } from '../text-format.ts';
import { readableCount, readableMs, readablePercent } from './number-format.ts';
import {
  BASELINE_DAYS,
  BASELINE_WEEKS,
  MAX_ANOMALY_RANGE_DAYS,
  MIN_POINT_REQUESTS,
  SENSITIVITY_THRESHOLDS,
  TRAILING_HOURS,
} from '../../domain/analytics/anomalies.ts';

const METRICS = ['p50', 'p95', 'p99', 'error_rate', 'throughput'] as const;
const SENSITIVITIES = ['low', 'normal', 'high'] as const;
const { low, normal, high } = SENSITIVITY_THRESHOLDS;
/** Anomalies listed in the text; the structured result has them all. Keeps one answer well under 2,000 characters. */
const TEXT_ROWS = 12;

type Report = McpAnomaliesQuery['anomalies'];

const BASELINE_NAMES: Record<string, string> = {
  same_hour_of_week: 'same hour on past weeks',
  same_hour_of_day: 'same hour on past days',
  trailing: 'previous 24 hours',
};

function metricValue(metric: string, value: number | null): string {
  if (metric === 'error_rate') return value === null ? '-' : readablePercent(value);
  if (metric === 'throughput') return value === null ? '-' : `${readableCount(value)}/h`;
  return readableMs(value);
}

/** The range at a glance, in the metric asked: the answer to "what was the p95?" before "anything unusual?". */
function summaryLine(r: Report, only: string): string {
  const s = r.summary;
  const head = `${r.metric} over ${r.range.from} to ${r.range.to}${only}`;
  const totals = `${readableCount(s.count)} requests`;
  if (r.metric === 'error_rate') return `${head}: ${readablePercent(s.errorRate)} errors (${totals}).`;
  if (r.metric === 'throughput') return `${head}: ${readableCount(s.requestsPerHour)} requests/h (${totals}).`;
  const percentiles = { p50: s.p50Ms, p95: s.p95Ms, p99: s.p99Ms };
  const others = Object.entries(percentiles).filter(([name]) => name !== r.metric);
  return `${head}: ${readableMs(percentiles[r.metric as keyof typeof percentiles])} (${others.map(([name, value]) => `${name} ${readableMs(value)}`).join(', ')}; ${totals}).`;
}

function scoringLine(r: Report): string {
  const scored = r.points.filter((p) => p.baseline);
  const kinds = [...new Set(scored.map((p) => BASELINE_NAMES[p.baseline!.kind]))];
  const unscored = r.points.length - scored.length;
  return `${r.points.length} hourly points, ${scored.length} scored against the ${kinds.join(' / ') || 'baseline'} (|score| ≥ ${r.threshold})${unscored ? `; ${unscored} not scored (under ${r.minimumCount} requests or no history)` : ''}.`;
}

const eventText = (e: Report['anomalies'][number]['precedingEvent']) =>
  e ? `${e.type} "${e.title}" at ${e.startedAt}` : '-';

export const findAnomaliesTool = defineTool({
  name: 'find_anomalies',
  argumentNames: { range: 'since/from/to' },
  title: 'Find anomalies in latency, errors or throughput',
  description: `Anything unusual? The metric over the range (default p95, last 24h; at most ${MAX_ANOMALY_RANGE_DAYS} days), then each hour far from its usual level: score, baseline, latest event before it. Baseline: median and MAD of the same hour over ${BASELINE_WEEKS} weeks, else ${BASELINE_DAYS} days, else the previous ${TRAILING_HOURS} hours; hours under ${MIN_POINT_REQUESTS} requests are not scored. Overall, or one endpoint (method + route).`,
  scopes: ['traffic:read'],
  annotations: READ_ONLY,
  input: z
    .object({
      ...timeArguments,
      ...bucketArgument,
      metric: z.enum(METRICS).optional().describe('Default p95.'),
      method: z.string().max(16).optional().describe('With route: one endpoint, e.g. POST.'),
      route: z.string().max(500).optional().describe('With method, as get_endpoints lists it.'),
      sensitivity: z
        .enum(SENSITIVITIES)
        .optional()
        .describe(`|score| ≥ ${low} low, ${normal} normal (default), ${high} high.`),
    })
    .strict(),
  output: z.object({
    range: rangeOutput,
    coverage: coverageOutput,
    metric: z.string(),
    summary: z.object({
      requests: z.number(),
      error_rate: z.number(),
      requests_per_hour: z.number(),
      p50_ms: z.number().nullable(),
      p95_ms: z.number().nullable(),
      p99_ms: z.number().nullable(),
    }),
    threshold: z.number(),
    points: z.number(),
    scored_points: z.number(),
    anomalies: z.array(
      z.object({
        time: z.string(),
        partial: z.boolean(),
        requests: z.number(),
        value: z.number(),
        baseline_median: z.number(),
        baseline: z.string(),
        score: z.number(),
        direction: z.string(),
        event: z.object({ id: z.string(), type: z.string(), title: z.string(), started_at: z.string() }).nullable(),
      }),
    ),
  }),
  async run(args, { execute }) {
    const { anomalies: r } = await execute(McpAnomaliesDocument, {
      range: rangeVariable(args),
      buckets: bucketsVariable(args.bucket),
      metric: args.metric ?? 'p95',
      method: args.method ?? null,
      route: args.route ?? null,
      sensitivity: args.sensitivity ?? 'normal',
    });
    const only = args.method && args.route ? ` for ${args.method.toUpperCase()} ${args.route}` : '';
    const shown = r.anomalies.slice(0, TEXT_ROWS);
    const list = r.anomalies.length
      ? [
          `${r.anomalies.length} anomal${r.anomalies.length === 1 ? 'y' : 'ies'}:`,
          table(
            ['hour', r.metric, 'baseline', 'score', 'requests', 'latest event before'],
            shown.map((a) => [
              a.time,
              metricValue(r.metric, a.value),
              metricValue(r.metric, a.baseline.median),
              a.score.toFixed(1),
              a.count,
              eventText(a.precedingEvent),
            ]),
          ),
          r.anomalies.length > shown.length
            ? `${r.anomalies.length - shown.length} more in the structured result.`
            : null,
        ]
      : [`No anomalies at ${args.sensitivity ?? 'normal'} sensitivity.`];
    return {
      structured: {
        range: r.range,
        coverage: r.coverage,
        metric: r.metric,
        summary: {
          requests: r.summary.count,
          error_rate: r.summary.errorRate,
          requests_per_hour: r.summary.requestsPerHour,
          p50_ms: r.summary.p50Ms,
          p95_ms: r.summary.p95Ms,
          p99_ms: r.summary.p99Ms,
        },
        threshold: r.threshold,
        points: r.points.length,
        scored_points: r.points.filter((p) => p.baseline).length,
        anomalies: r.anomalies.map((a) => ({
          time: a.time,
          partial: a.partial,
          requests: a.count,
          value: a.value,
          baseline_median: a.baseline.median,
          baseline: a.baseline.kind,
          score: Math.round(a.score * 100) / 100,
          direction: a.direction,
          event: a.precedingEvent
            ? {
                id: a.precedingEvent.id,
                type: a.precedingEvent.type,
                title: a.precedingEvent.title,
                started_at: a.precedingEvent.startedAt,
              }
            : null,
        })),
      },
      text: [summaryLine(r, only), incompleteLine(r.coverage), ...list, scoringLine(r)]
        .filter((line) => line !== null)
        .join('\n'),
    };
  },
});
