import { ConsoleAnomaliesDocument, type ConsoleAnomalyReportFragment } from '../../generated/graphql.ts';
import { request } from '../api.ts';
import type { Band } from '../charts.ts';
import { time } from '../dom.ts';
import { formatMs, formatNumber, formatPercent } from '../format.ts';
import type { EndpointChoice } from './endpoints-table.ts';

type Report = ConsoleAnomalyReportFragment;
type Anomaly = Report['anomalies'][number];

const HOUR = 3_600_000;

function value(metric: Report['metric'], amount: number): string {
  if (metric === 'error_rate') return formatPercent(amount);
  if (metric === 'throughput') return `${formatNumber(amount)} requests/h`;
  return formatMs(amount);
}

const METRIC_NAMES: Record<Report['metric'], string> = {
  p50: 'p50',
  p95: 'p95',
  p99: 'p99',
  error_rate: 'error rate',
  throughput: 'throughput',
};

/** One anomaly in words: what, when, against what usual level, how far off, and what came before it. */
export function anomalyText(metric: Report['metric'], anomaly: Anomaly): string {
  const event = anomaly.precedingEvent
    ? `; after ${anomaly.precedingEvent.type} "${anomaly.precedingEvent.title}" (${time(anomaly.precedingEvent.startedAt)})`
    : '';
  return `${METRIC_NAMES[metric]} ${value(metric, anomaly.value)} in the hour from ${time(anomaly.time)}, usually ${value(metric, anomaly.baseline.median)} (score ${formatNumber(anomaly.score)}, n=${anomaly.count})${event}`;
}

/** An anomaly as a highlighted hour on a chart. */
export const anomalyBands = (report: Report | null): Band[] =>
  (report?.anomalies ?? []).map((a) => ({
    from: Date.parse(a.time),
    to: Date.parse(a.time) + HOUR,
    label: anomalyText(report!.metric, a),
  }));

/**
 * The p95 and error-rate anomalies of the range (overall, or of the endpoint chosen; of the buckets chosen). A failure leaves the
 * charts as they are and says why, rather than taking the page down with it.
 */
export async function loadAnomalies(
  environment: string | null,
  range: { since: string },
  endpoint: EndpointChoice | null,
  buckets: string[] | null,
) {
  try {
    const result = await request(ConsoleAnomaliesDocument, {
      environment,
      range,
      route: endpoint?.route ?? null,
      method: endpoint?.method ?? null,
      buckets,
    });
    return { latency: result.latency, errors: result.errors, error: null };
  } catch (error) {
    return { latency: null, errors: null, error: (error as Error).message };
  }
}

/** The anomalies in text, beside the highlighted hours: the charts are images, the list is what a reader gets. */
export function anomalySummary(reports: {
  latency: Report | null;
  errors: Report | null;
  error: string | null;
}): string {
  if (reports.error) return `Anomalies could not be computed: ${reports.error}`;
  const all = [reports.latency, reports.errors].flatMap((report) =>
    report ? report.anomalies.map((a) => anomalyText(report.metric, a)) : [],
  );
  if (all.length === 0)
    return `No anomalies in p95 or error rate (hours with at least ${reports.latency?.minimumCount ?? 50} requests, |score| ≥ ${formatNumber(reports.latency?.threshold ?? 0)}).`;
  return `Anomalies: ${all.join('; ')}.`;
}
