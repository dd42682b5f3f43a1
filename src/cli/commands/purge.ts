import { parseArgs } from 'node:util';
import { CliPurgeExpiredDataDocument, CliPurgePreviewDocument } from '../../generated/graphql.ts';
import { connectionFrom, connectionHelp, connectionOptions } from '../connection-options.ts';
import { requestGraphQL } from '../graphql-client.ts';

export const purgeHelp = `trafficgraph purge [--dry-run]
  Deletes now what retention let go: raw requests older than RETENTION_DAYS, rollups older than
  ROLLUP_RETENTION_DAYS (the server also does this every RETENTION_PURGE_INTERVAL_MINUTES).
  --dry-run   show the cut-offs and how many rows per table would go, delete nothing
  Needs an admin token.
${connectionHelp}`;

const count = (n: number) => n.toLocaleString('en-US');

function tableLines(rows: readonly { table: string; rows: number }[]): string[] {
  const width = Math.max(...rows.map((row) => row.table.length));
  return rows.map((row) => `  ${row.table.padEnd(width)}  ${count(row.rows).padStart(12)}`);
}

export async function purge(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { ...connectionOptions, 'dry-run': { type: 'boolean' } } });
  const connection = connectionFrom(values);
  if (values['dry-run']) {
    const { purgePreview: preview } = await requestGraphQL(connection, CliPurgePreviewDocument, {});
    console.log(
      `Raw requests before ${preview.requestsBefore} (RETENTION_DAYS=${preview.retentionDays}) and rollups ended by ${preview.rollupsBefore} (ROLLUP_RETENTION_DAYS=${preview.rollupRetentionDays}) would be deleted:`,
    );
    for (const line of tableLines(preview.expired)) console.log(line);
    console.log('Dry run: nothing was deleted.');
    return;
  }
  const { purgeExpiredData: run } = await requestGraphQL(connection, CliPurgeExpiredDataDocument, {});
  if (!run.ran) {
    console.log(`Nothing deleted: ${run.skippedReason ?? 'another purge is running'}.`);
    return;
  }
  console.log(
    `Deleted raw requests before ${run.requestsBefore} and rollups ended by ${run.rollupsBefore}, in ${run.batches} batches, ${(run.durationMs / 1000).toFixed(1)} s:`,
  );
  for (const line of tableLines(run.deleted)) console.log(line);
  if (run.interrupted) console.log('Interrupted (the server is shutting down); the next run continues.');
}
