import { z } from 'zod';
import { intervalNamed } from '../../domain/time/intervals.ts';
import { McpResponseTimesDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import { unknownRouteLine } from '../unknown-route.ts';
import { MAX_AUTO_PERCENTILE_POINTS } from '../../domain/time/time-range.ts';
import {
  bucketArgument,
  bucketsVariable,
  filterLine,
  intervalArgument,
  intervalVariable,
  rangeOutput,
  rangeVariable,
  timeArguments,
  trafficFilterArguments,
  trafficFilterVariable,
} from '../tool-arguments.ts';
import { ms, partialNote, partialTime, rangeLine, table } from '../text-format.ts';

const stats = z.object({
  count: z.number(),
  average_ms: z.number().nullable(),
  p50_ms: z.number().nullable(),
  p95_ms: z.number().nullable(),
  p99_ms: z.number().nullable(),
});

export const getResponseTimesTool = defineTool({
  name: 'get_response_times',
  title: 'Get response time percentiles',
  description:
    'p50/p95/p99 (within 2% of exact) and average response time over time, optionally filtered. An interval cut by the range is marked partial.',
  scopes: ['traffic:read'],
  annotations: READ_ONLY,
  input: z
    .object({
      ...timeArguments,
      ...bucketArgument,
      ...trafficFilterArguments,
      ...intervalArgument(MAX_AUTO_PERCENTILE_POINTS),
    })
    .strict(),
  output: z.object({
    range: rangeOutput,
    interval: z.string(),
    overall: stats.extend({ min_ms: z.number().nullable(), max_ms: z.number().nullable() }),
    points: z.array(stats.extend({ time: z.string(), partial: z.boolean() })),
  }),
  async run(args, context) {
    const { execute } = context;
    const { responseTimes: series } = await execute(McpResponseTimesDocument, {
      range: rangeVariable(args),
      buckets: bucketsVariable(args.bucket),
      interval: intervalVariable(args.interval),
      filter: trafficFilterVariable(args),
    });
    const s = { ...series, interval: intervalNamed(series.interval).label };
    const o = s.overall;
    const points = s.points.map((p) => ({
      time: p.time,
      partial: p.partial,
      count: p.stats.count,
      average_ms: p.stats.averageMs,
      p50_ms: p.stats.p50Ms,
      p95_ms: p.stats.p95Ms,
      p99_ms: p.stats.p99Ms,
    }));
    const unknownRoute = await unknownRouteLine(args, { counted: o.count, until: s.range.to }, context);
    return {
      structured: {
        range: s.range,
        interval: s.interval,
        overall: {
          count: o.count,
          average_ms: o.averageMs,
          min_ms: o.minMs,
          max_ms: o.maxMs,
          p50_ms: o.p50Ms,
          p95_ms: o.p95Ms,
          p99_ms: o.p99Ms,
        },
        points,
      },
      text: [
        rangeLine(s.range, s.coverage, args, `, every ${s.interval}`),
        filterLine(args),
        unknownRoute,
        `Overall (${o.count} requests): p50 ${ms(o.p50Ms)}, p95 ${ms(o.p95Ms)}, p99 ${ms(o.p99Ms)}, avg ${ms(o.averageMs)}, max ${ms(o.maxMs)}`,
        table(
          ['time', 'count', 'p50', 'p95', 'p99', 'avg'],
          points.map((p) => [partialTime(p), p.count, ms(p.p50_ms), ms(p.p95_ms), ms(p.p99_ms), ms(p.average_ms)]),
        ),
        partialNote(points),
      ]
        .filter((line) => line !== null)
        .join('\n'),
    };
  },
});
