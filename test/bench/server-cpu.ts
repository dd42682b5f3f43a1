import { readFile } from 'node:fs/promises';
import type { Database } from '../../src/db/database.ts';

/**
 * CPU time of one process in ms, from /proc/<pid>/schedstat (its first field: ns run on a CPU), or 0 once it
 * has exited. schedstat, not /proc/<pid>/stat's utime and stime: those count 10 ms ticks, 3% of a block's
 * server time. Readable by any user unless /proc is mounted with hidepid.
 */
async function processCpuMs(pid: number): Promise<number> {
  const schedstat = await readFile(`/proc/${pid}/schedstat`, 'utf8').catch(() => '0');
  return Number(schedstat.split(' ')[0]) / 1e6;
}

/**
 * CPU time the PostgreSQL server has spent so far in the client backends of `db`'s database, in ms, or null
 * when that cannot be read (PGlite, whose work is this process's own; a server on another machine). Only
 * backends alive when it is called count, so a caller diffs two readings around work that keeps its
 * connections: the bench's one writer does. Background processes (WAL writer, autovacuum) are left out.
 */
export async function serverBackendsCpuMs(db: Database): Promise<Map<number, number> | null> {
  if (db.kind !== 'postgres') return null;
  const rows = await db.sql.query<{ pid: number; local: boolean }>(
    `SELECT pid, inet_server_addr() IS NULL OR host(inet_server_addr()) IN ('127.0.0.1', '::1') AS local
     FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
  );
  if (rows.length === 0 || !rows.every((row) => row.local)) return null;
  return new Map(await Promise.all(rows.map(async ({ pid }) => [pid, await processCpuMs(pid)] as const)));
}

/** Server CPU ms spent between two readings of serverBackendsCpuMs; a backend new in `after` counts from 0. */
export function serverCpuSpentMs(before: Map<number, number> | null, after: Map<number, number> | null): number {
  if (!before || !after) return 0;
  let spent = 0;
  for (const [pid, ms] of after) spent += ms - (before.get(pid) ?? 0);
  return spent;
}
