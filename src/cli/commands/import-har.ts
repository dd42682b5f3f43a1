import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { harEntries, harEntryToRecord } from '../../domain/ingest/har.ts';
import { CliIngestDocument } from '../../generated/graphql.ts';
import { connectionFrom, connectionHelp, connectionOptions } from '../connection-options.ts';
import { CliError, requestGraphQL } from '../graphql-client.ts';
import { createProgress } from '../progress.ts';

export const importHarHelp = `trafficgraph import-har FILE --env ENV --bucket BUCKET [--batch 500]
  Imports a HAR 1.2 file (a browser's "Save all as HAR") through the capture pipeline: exclusion and
  redaction rules apply, secrets are masked, and importing the same file again stores nothing twice.
${connectionHelp}`;

export async function importHar(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...connectionOptions, env: { type: 'string' }, bucket: { type: 'string' }, batch: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file) throw new CliError(`a HAR file is required\n${importHarHelp}`);
  if (!values.env) throw new CliError('--env is required (e.g. production)');
  if (!values.bucket) throw new CliError('--bucket is required');
  const batch = Number(values.batch ?? 500);
  if (!Number.isInteger(batch) || batch < 1 || batch > 5000) throw new CliError('--batch must be from 1 to 5000');
  let entries: ReturnType<typeof harEntries>;
  try {
    entries = harEntries(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    throw new CliError(
      `${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  const records = entries.map((entry, index) => harEntryToRecord(entry, index, values.bucket!));
  const progress = createProgress(`importing ${records.length} HAR entries`);
  const totals = { accepted: 0, duplicates: 0, excluded: 0, rejected: [] as string[] };
  for (let start = 0; start < records.length || start === 0; start += batch) {
    const { ingestRequests: r } = await requestGraphQL(connectionFrom(values), CliIngestDocument, {
      environment: values.env,
      records: records.slice(start, start + batch),
    });
    totals.accepted += r.accepted;
    totals.duplicates += r.duplicates;
    totals.excluded += r.excluded.length;
    totals.rejected.push(...r.rejected.map((x) => `entry ${start + x.index}: ${x.reason}`));
    progress.update(Math.min(start + batch, records.length), records.length);
    if (records.length === 0) break;
  }
  console.log(
    `${file}: ${records.length} entries, ${totals.accepted} stored, ${totals.duplicates} already stored, ${totals.excluded} excluded by rules, ${totals.rejected.length} rejected`,
  );
  for (const line of totals.rejected.slice(0, 20)) console.log(`  ${line}`);
  if (totals.rejected.length > 20) console.log(`  … and ${totals.rejected.length - 20} more rejected`);
  if (totals.accepted > 0) return;
  if (records.length > 0 && totals.rejected.length === records.length) {
    throw new CliError(`nothing stored: every one of the ${records.length} entries was rejected (reasons above)`);
  }
  console.log(
    records.length === 0
      ? 'Nothing stored: the file has no entries.'
      : 'Nothing stored: every entry was already stored or excluded by a rule.',
  );
}
