/** A fixed-width table: what a model reads best for lists. */
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))));
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? '-' : `${value.toFixed(1)} ms`;
export const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
/**
 * The range an answer covers, and when retention deleted part of it, what is missing (so a smaller number is
 * not read as less traffic). An end the caller left to default is marked "(now)": the answer, not the tool
 * list, is where the server's clock stays true. `detail` continues the range's own line, before any
 * "Incomplete:" line.
 */
export const rangeLine = (
  range: { from: string; to: string },
  coverage?: { complete: boolean; note: string | null } | null,
  told?: { to?: string | undefined },
  detail = '',
) =>
  `Range: ${range.from} to ${range.to}${told && endsNow(told.to) ? ' (now)' : ''}${detail}${coverage && !coverage.complete ? `\n${incompleteLine(coverage)}` : ''}`;

/** What retention deleted from an answer's range ("Incomplete (before): …"), or null when nothing is missing. */
export function incompleteLine(coverage: { complete: boolean; note: string | null }, part?: string): string | null {
  if (coverage.complete) return null;
  return `Incomplete${part ? ` (${part})` : ''}: ${coverage.note}`;
}

const endsNow = (to: string | undefined) => to === undefined || to.trim().toLowerCase() === 'now';

/** A series point's time, starred when the range cuts its interval (see partialNote). */
export const partialTime = (point: { time: string; partial: boolean }) =>
  point.partial ? `${point.time}*` : point.time;
export const partialNote = (points: readonly { partial: boolean }[]) =>
  points.some((p) => p.partial) ? '* partial interval: only its part inside the range is counted.' : null;

/** Says when a list was cut and how to get the rest. */
export function pageFooter(shown: number, total: number, nextCursor: string | null): string {
  if (!nextCursor) return `Showing ${shown} of ${total}.`;
  return `Showing ${shown} of ${total}. More: call again with cursor "${nextCursor}".`;
}
