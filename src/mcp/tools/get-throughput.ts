import { z } from 'zod';
import { intervalNamed } from '../../domain/time/intervals.ts';
import { McpThroughputDocument } from '../../generated/graphql.ts';
import { defineTool, READ_ONLY } from '../tool.ts';
import { unknownRouteLine } from '../unknown-route.ts';
import { MAX_AUTO_POINTS } from '../../domain/time/time-range.ts';
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
import { partialNote, partialTime, rangeLine, table } from '../text-format.ts';

export const getThroughputTool = defineTool({
  name: 'get_throughput',
  title: 'Get request throughput',
  description:
    'Requests over time by status class (2xx to 5xx), optionally filtered. Empty intervals are zeros; an interval cut by the range is marked partial.',
  scopes: ['traffic:read'],
  annotations: READ_ONLY,
  input: z
    .object({ ...timeArguments, ...bucketArgument, ...trafficFilterArguments, ...intervalArgument(MAX_AUTO_POINTS) })
    .strict(),
  output: z.object({
    range: rangeOutput,
    interval: z.string(),
    points: z.array(
      z.object({
        time: z.string(),
        partial: z.boolean(),
        total: z.number(),
        '2xx': z.number(),
        '3xx': z.number(),
        '4xx': z.number(),
        '5xx': z.number(),
      }),
    ),
  }),
  async run(args, context) {
    const { execute } = context;
    const { throughput: series } = await execute(McpThroughputDocument, {
      range: rangeVariable(args),
      buckets: bucketsVariable(args.bucket),
      interval: intervalVariable(args.interval),
      filter: trafficFilterVariable(args),
    });
    const s = { ...series, interval: intervalNamed(series.interval).label };
    const points = s.points.map((p) => ({
      time: p.time,
      partial: p.partial,
      total: p.total,
      '2xx': p.status2xx,
      '3xx': p.status3xx,
      '4xx': p.status4xx,
      '5xx': p.status5xx,
    }));
    const counted = points.reduce((sum, p) => sum + p.total, 0);
    const unknownRoute = await unknownRouteLine(args, { counted, until: series.range.to }, context);
    const peak = points.reduce((best, p) => (p.total > best.total ? p : best), points[0] ?? { time: '-', total: 0 });
    return {
      structured: { range: s.range, interval: s.interval, points },
      text: [
        rangeLine(
          s.range,
          s.coverage,
          args,
          `, every ${s.interval} (${points.length} points, peak ${peak.total} at ${peak.time})`,
        ),
        filterLine(args),
        unknownRoute,
        table(
          ['time', 'total', '2xx', '3xx', '4xx', '5xx'],
          points.map((p) => [partialTime(p), p.total, p['2xx'], p['3xx'], p['4xx'], p['5xx']]),
        ),
        partialNote(points),
      ]
        .filter((line) => line !== null)
        .join('\n'),
    };
  },
});
