/**
 * The series intervals, declared once: the name GraphQL gives each (an enum value cannot start with a digit),
 * the label every other surface speaks (MCP's `interval: "1h"`, the console's "per 1h") and its length.
 * The GraphQL enum, the MCP argument and the automatic choice all read this table.
 */
export const INTERVALS = [
  { name: 'ONE_MINUTE', label: '1m', seconds: 60 },
  { name: 'FIVE_MINUTES', label: '5m', seconds: 300 },
  { name: 'FIFTEEN_MINUTES', label: '15m', seconds: 900 },
  { name: 'ONE_HOUR', label: '1h', seconds: 3600 },
  { name: 'SIX_HOURS', label: '6h', seconds: 21_600 },
  { name: 'ONE_DAY', label: '1d', seconds: 86_400 },
] as const;

export type Interval = (typeof INTERVALS)[number];
export type IntervalName = Interval['name'];
export type IntervalLabel = Interval['label'];

export const INTERVAL_LABELS = INTERVALS.map((interval) => interval.label) as [IntervalLabel, ...IntervalLabel[]];

export const intervalNamed = (name: IntervalName): Interval => INTERVALS.find((interval) => interval.name === name)!;

export const intervalLabelled = (label: IntervalLabel): Interval =>
  INTERVALS.find((interval) => interval.label === label)!;

/** The label of a length in seconds; a length outside the table is written in seconds. */
export const intervalLabelOf = (seconds: number): string =>
  INTERVALS.find((interval) => interval.seconds === seconds)?.label ?? `${seconds}s`;
