import type { SqlClient } from '../../db/sql-client.ts';
import type { TimeRange } from '../time/time-range.ts';
import type { Segment } from './period-plan.ts';
import { SqlParams } from './sql-params.ts';
import type { TrafficScope } from './traffic-scope.ts';

/** The latest time a Date holds: "no request stored at or after `to`". */
const END_OF_TIME = new Date(8.64e15);

/**
 * When the first request of the scope's environment at or after `at` is stamped (END_OF_TIME when none is).
 * Buckets are left out on purpose: a request of another bucket only costs the shortcut, never exactness, and
 * the environment alone is one probe of the (environmentId, timestamp) index, where a list of buckets could
 * make the database gather every later row of each before taking the least.
 */
async function nextRequestTime(sql: SqlClient, scope: TrafficScope, at: Date): Promise<Date> {
  const params = new SqlParams();
  const [row] = await sql.query<{ next: Date | string | null }>(
    `SELECT min("timestamp") AS next FROM "Request" WHERE "environmentId" = ${params.add(scope.environmentId)} AND "timestamp" >= ${params.add(at)}`,
    params.values,
  );
  return row?.next === null || row?.next === undefined ? END_OF_TIME : new Date(row.next);
}

/**
 * How far past `to` the cells read count requests. A cell whose part after `to` is subtracted in its own statement
 * (planSegments' subtractAfterEnd) counts nothing past `to` whatever is stored there, so neither it nor the
 * subtracted piece reaches past the end.
 */
function reachOf(segments: readonly Segment[], to: number): number {
  const taken = new Set(segments.filter((s) => s.subtracted && s.from.getTime() === to).map((s) => s.to.getTime()));
  return Math.max(0, ...segments.filter((s) => !s.subtracted && !taken.has(s.to.getTime())).map((s) => s.to.getTime()));
}

/**
 * Reads a range planned by `plan` (planSegments with its `quietUntil`), letting the last rollup cells run past
 * `range.to` when nothing of the environment is stored between `range.to` and their end. A range ending at
 * now usually has nothing after it (real traffic is not stamped in the future), so its last partial hour
 * comes from the rollup cell that holds it instead of from raw rows whose number grows with the traffic.
 *
 * "Nothing stored" means "nothing counted" only where retention keeps every raw row: a range ending before
 * `scope.rawRetainedFrom` finds nothing after its end once the purge deleted it, while the cells still count
 * it. Such a range is read without running past `range.to`; its partial last cell then comes from raw rows
 * that are gone too, so it counts nothing of that cell rather than requests after the end.
 *
 * The probe and the reads are separate statements, so a request stamped at or after `range.to` could be
 * committed between them and counted by a cell. Each statement sees everything committed before it started,
 * so a second probe after the reads sees any such request; if one landed inside the cells read, the range is
 * read again without running past `range.to`. Answers stay exactly those of [from, to) still stored.
 */
export async function readWithQuietEnd<T>(
  sql: SqlClient,
  scope: TrafficScope,
  range: TimeRange,
  plan: (quietUntil: Date) => Segment[],
  read: (segments: Segment[]) => Promise<T>,
): Promise<T> {
  const to = range.to.getTime();
  // An end already on a cell boundary of the finest level has nothing to gain: skip the probe.
  if (to < scope.rawRetainedFrom.getTime() || reachOf(plan(END_OF_TIME), to) <= to) return read(plan(range.to));
  const segments = plan(await nextRequestTime(sql, scope, range.to));
  const reach = reachOf(segments, to);
  if (reach <= to) return read(segments);
  const answer = await read(segments);
  if ((await nextRequestTime(sql, scope, range.to)).getTime() >= reach) return answer;
  return read(plan(range.to));
}
