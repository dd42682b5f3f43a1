import {
  ERROR_PERIODS,
  HISTOGRAM_PERIODS,
  ROLLUP_PERIODS,
  ROUTE_PERIODS,
  ROUTE_QUARTER_PERIOD,
} from '../ingest/rollup-periods.ts';
import type { RetentionCutoffs } from './retention-policy.ts';

/**
 * One slice of expired rows a purge deletes: a table, the environment-led condition that finds them through
 * the table's leading index (environmentId first, then time), and the cut-off it applies.
 */
export interface PurgeSlice {
  table: PurgedTable;
  /** SQL condition after `"environmentId" = $1`; `$2` is the cut-off. */
  condition: string;
  cutoff: Date;
  /** The column a batch picks rows by: the primary key where there is a single one, else the row's ctid. */
  rowKey: '"id"' | 'ctid';
}

export const PURGED_TABLES = [
  'Request',
  'RequestRollup',
  'LatencyHistogram',
  'ErrorRollup',
  'RouteRollup',
  'RouteQuarterSkip',
] as const;
export type PurgedTable = (typeof PURGED_TABLES)[number];

const ROLLUP_TABLE_PERIODS: [PurgedTable, readonly number[]][] = [
  ['RequestRollup', ROLLUP_PERIODS],
  ['LatencyHistogram', HISTOGRAM_PERIODS],
  ['ErrorRollup', ERROR_PERIODS],
  ['RouteRollup', [ROUTE_QUARTER_PERIOD, ...ROUTE_PERIODS]],
];

/**
 * Raw requests go when stamped before their cut-off. A rollup row goes only once its whole period ended
 * before the rollup cut-off, so a day row that still counts kept traffic stays; each period is its own
 * slice because the rollup keys lead with (environmentId, period, periodStart).
 */
export function purgeSlices(cutoffs: RetentionCutoffs): PurgeSlice[] {
  const slices: PurgeSlice[] = [
    { table: 'Request', condition: '"timestamp" < $2', cutoff: cutoffs.requestsBefore, rowKey: '"id"' },
  ];
  for (const [table, periods] of ROLLUP_TABLE_PERIODS) {
    for (const period of periods) {
      slices.push({
        table,
        condition: `"period" = ${period} AND "periodStart" <= $2`,
        cutoff: new Date(cutoffs.rollupsBefore.getTime() - period * 1000),
        rowKey: 'ctid',
      });
    }
  }
  // A skipped quarter only spares compaction from re-reading its raw rows: it goes with the last of them.
  slices.push({
    table: 'RouteQuarterSkip',
    condition: '"periodStart" <= $2',
    cutoff: new Date(cutoffs.requestsBefore.getTime() - ROUTE_QUARTER_PERIOD * 1000),
    rowKey: 'ctid',
  });
  return slices;
}
