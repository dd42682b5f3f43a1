import type { SqlClient } from '../../db/sql-client.ts';
import type { TimeRange } from '../time/time-range.ts';
import { BinCounts } from './bin-counts.ts';
import { binSql } from './latency-bins.ts';
import type { Segment } from './period-plan.ts';
import { filterConditions, type RequestFilter } from './request-filter.ts';
import { intervalStartSql } from './series-intervals.ts';
import { scopeConditions, SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';

/** Percentile bins of one interval (`t`, epoch seconds), or of the whole range when `t` is null. */
export type IntervalBins = { t: number | null; p50: number | null; p95: number | null; p99: number | null };
/** Count, duration sum, min and max of one interval (min and max null where rollup rows older than them count in it). */
export type TotalsRow = { t: number; n: number; s: number; lo: number | null; hi: number | null };
type RawBinRow = TotalsRow & { bin: number };

/**
 * Nearest-rank percentile bins per interval and overall, computed in SQL from `(t, bin, n)` rows, so only a
 * row per interval leaves the database however dense the histograms are. `t` is null on the overall row.
 */
function percentileBinsSql(binned: string): string {
  const pick = (p: number) => `min(bin) FILTER (WHERE c >= ceil(${p} * total))`;
  return `WITH binned AS (${binned}),
    per_interval AS (
      SELECT t, bin, sum(n) OVER (PARTITION BY t ORDER BY bin) AS c, sum(n) OVER (PARTITION BY t) AS total FROM binned
    ),
    overall_bins AS (SELECT bin, sum(n) AS n FROM binned GROUP BY bin),
    overall AS (
      SELECT NULL::float8 AS t, bin, sum(n) OVER (ORDER BY bin) AS c, sum(n) OVER () AS total FROM overall_bins
    )
    SELECT t, ${pick(0.5)} AS p50, ${pick(0.95)} AS p95, ${pick(0.99)} AS p99
    FROM (SELECT * FROM per_interval UNION ALL SELECT * FROM overall) AS ranked
    GROUP BY t`;
}

/** Percentile bins per interval and overall from histogram cells `(t, lo, counts)` and raw `(t, bin, n)` rows, merged in this process. */
function mergedPercentileBins(
  cells: readonly { t: number; lo: number; counts: (number | null)[] | null }[],
  rawBins: readonly { t: number; bin: number; n: number }[],
): IntervalBins[] {
  const overall = new BinCounts();
  const byInterval = new Map<number, BinCounts>();
  const binsAt = (t: number) => {
    const bins = byInterval.get(t) ?? new BinCounts();
    byInterval.set(t, bins);
    return bins;
  };
  for (const cell of cells) {
    if (!cell.counts) continue;
    binsAt(Number(cell.t)).addCell(Number(cell.lo), cell.counts);
    overall.addCell(Number(cell.lo), cell.counts);
  }
  for (const row of rawBins) {
    binsAt(Number(row.t)).addBin(Number(row.bin), Number(row.n));
    overall.addBin(Number(row.bin), Number(row.n));
  }
  const ranked = (t: number | null, bins: BinCounts): IntervalBins => {
    const [p50, p95, p99] = bins.percentileBins([0.5, 0.95, 0.99]);
    return { t, p50: p50 ?? null, p95: p95 ?? null, p99: p99 ?? null };
  };
  return [...[...byInterval].map(([t, bins]) => ranked(t, bins)), ranked(null, overall)];
}

const RAW_TOTALS = `count(*)::int AS n, sum("durationMs")::float8 AS s, min("durationMs")::float8 AS lo, max("durationMs")::float8 AS hi`;

/** Conditions on raw rows of one piece of the range, plus the filter. */
function rawWhere(
  params: SqlParams,
  scope: TrafficScope,
  from: Date,
  to: Date,
  filter: RequestFilter | null | undefined,
): string {
  return [
    ...scopeConditions(params, scope),
    `"timestamp" >= ${params.add(from)}`,
    `"timestamp" < ${params.add(to)}`,
    ...filterConditions(params, filter),
  ].join(' AND ');
}

/**
 * Every row in raw rows, ranked in SQL so only a row per interval leaves the database: intervals under 15
 * minutes (few rows), and filters no rollup carries (exact, at the cost of reading the rows).
 */
export async function fromRawRows(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  intervalSeconds: number,
  filter: RequestFilter | null | undefined,
): Promise<readonly [IntervalBins[], TotalsRow[]]> {
  const params = new SqlParams();
  const t = intervalStartSql('"timestamp"', params.add(intervalSeconds));
  const where = rawWhere(params, scope, range.from, range.to, filter);
  const binned = `SELECT ${t} AS t, ${binSql('"durationMs"')} AS bin, count(*) AS n FROM "Request" WHERE ${where} GROUP BY 1, 2`;
  return Promise.all([
    sql.query<IntervalBins>(percentileBinsSql(binned), params.values),
    sql.query<TotalsRow>(`SELECT ${t} AS t, ${RAW_TOTALS} FROM "Request" WHERE ${where} GROUP BY 1`, params.values),
  ]);
}

/**
 * The rollup tables one read takes whole periods from: histogram cells (`counts` with their lower bound) and
 * totals (`count`, `durationSum`, `durationMin`, `durationMax`), and what else narrows their rows.
 */
export interface RollupTables {
  cells: '"LatencyHistogram"' | '"RouteRollup"';
  totals: '"RequestRollup"' | '"RouteRollup"';
  /** The scope's environment and buckets on these tables' rows. */
  scope: (params: SqlParams, scope: TrafficScope) => string[];
  /** Conditions on the rollup rows of one segment beyond scope, period and range. */
  conditions: (params: SqlParams, segment: Segment) => string[];
}

/** min() or max() of a rollup column, null (unknown) when any row summed has it null: see mergedExtreme. */
const knownOrNull = (pick: 'min' | 'max', column: string) =>
  `CASE WHEN bool_and(${column} IS NOT NULL) THEN ${pick}(${column}) END::float8`;

/**
 * Whole rollup cells for the segments with a period, raw rows binned the same way (and narrowed by `filter`)
 * for those without, so partial first and last points count exactly their part. Every segment with a
 * period must divide the interval, so each rollup row falls inside one interval.
 */
export async function fromRollups(
  sql: SqlClient,
  scope: TrafficScope,
  segments: readonly Segment[],
  intervalSeconds: number,
  tables: RollupTables,
  filter: RequestFilter | null | undefined,
): Promise<readonly [IntervalBins[], TotalsRow[]]> {
  // Every raw piece is added, and min and max cannot be taken back: a subtracted piece would be counted twice.
  if (segments.some((segment) => segment.subtracted))
    throw new Error('fromRollups reads no subtracted segment: plan its segments without subtractBeforeStart');
  const cellParams = new SqlParams();
  const rawParams = new SqlParams();
  const totalParams = new SqlParams();
  const rollupWhere = (params: SqlParams, segment: Segment) =>
    [
      ...tables.scope(params, scope),
      `"period" = ${params.add(segment.period)}`,
      `"periodStart" >= ${params.add(segment.from)}`,
      `"periodStart" < ${params.add(segment.to)}`,
      ...tables.conditions(params, segment),
    ].join(' AND ');
  const cellInterval = cellParams.add(intervalSeconds);
  const rawInterval = rawParams.add(intervalSeconds);
  const totalInterval = totalParams.add(intervalSeconds);
  const whole = segments.filter((segment) => segment.period > 0);
  const ragged = segments.filter((segment) => segment.period === 0);
  const cells = whole.map(
    (
      segment,
    ) => `SELECT ${intervalStartSql('"periodStart"', cellInterval)} AS t, array_lower("counts", 1) AS lo, array_to_json("counts") AS counts
      FROM ${tables.cells} WHERE ${rollupWhere(cellParams, segment)}`,
  );
  // Raw rows are read once, per interval and bin with their totals: the ragged ends are what grows with the rows.
  const rawBins = ragged.map(
    (
      segment,
    ) => `SELECT ${intervalStartSql('"timestamp"', rawInterval)} AS t, ${binSql('"durationMs"')} AS bin, ${RAW_TOTALS}
      FROM "Request" WHERE ${rawWhere(rawParams, scope, segment.from, segment.to, filter)} GROUP BY 1, 2`,
  );
  const totals = whole.map(
    (
      segment,
    ) => `SELECT ${intervalStartSql('"periodStart"', totalInterval)} AS t, sum("count")::int AS n, sum("durationSum")::float8 AS s,
      ${knownOrNull('min', '"durationMin"')} AS lo, ${knownOrNull('max', '"durationMax"')} AS hi FROM ${tables.totals} WHERE ${rollupWhere(totalParams, segment)} GROUP BY 1`,
  );
  const union = (branches: string[]) => branches.join('\nUNION ALL\n');
  const [cellRows, rawRows, totalRows] = await Promise.all([
    cells.length
      ? sql.query<{ t: number; lo: number; counts: (number | null)[] | null }>(union(cells), cellParams.values)
      : [],
    rawBins.length ? sql.query<RawBinRow>(union(rawBins), rawParams.values) : [],
    totals.length ? sql.query<TotalsRow>(union(totals), totalParams.values) : [],
  ]);
  return [mergedPercentileBins(cellRows, rawRows), mergedTotals([...totalRows, ...rawRows])] as const;
}

/**
 * The smaller (or larger) of the extremes of two counts of requests: the other's where one counts none, and
 * unknown (null) where either is unknown (route rollup rows older than their extremes). Leaving an unknown one
 * out would report the known part's extreme for requests it never saw, and clamp percentiles to it.
 */
export const mergedExtreme = (
  pick: (a: number, b: number) => number,
  a: number | null,
  aCount: number,
  b: number | null,
  bCount: number,
): number | null => (bCount === 0 ? a : aCount === 0 ? b : a === null || b === null ? null : pick(a, b));

/** Totals rows of the same interval added up; a null min or max (rollup rows older than them) stays null. */
function mergedTotals(rows: readonly TotalsRow[]): TotalsRow[] {
  const byInterval = new Map<number, TotalsRow>();
  const number = (value: number | null) => (value === null ? null : Number(value));
  for (const row of rows) {
    const t = Number(row.t);
    const n = Number(row.n);
    const into = byInterval.get(t) ?? { t, n: 0, s: 0, lo: null, hi: null };
    byInterval.set(t, into);
    into.lo = mergedExtreme(Math.min, into.lo, into.n, number(row.lo), n);
    into.hi = mergedExtreme(Math.max, into.hi, into.n, number(row.hi), n);
    into.n += n;
    into.s += Number(row.s);
  }
  return [...byInterval.values()];
}
