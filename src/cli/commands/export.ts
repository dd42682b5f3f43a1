import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EXPORT_LIMIT_RULE } from '../../domain/export/export-limit.ts';
import { exportPages } from '../../domain/export/export-pages.ts';
import { exportQuery, searchVariables } from '../../domain/export/export-query.ts';
import { exportLine, exportPreamble, exportedRequest } from '../../domain/export/exported-request.ts';
import { ExportRequestsPageDocument } from '../../generated/graphql.ts';
import { connectionFrom, connectionHelp, connectionOptions } from '../connection-options.ts';
import type { FlagNames } from '../flag-names.ts';
import { CliError, requestGraphQL } from '../graphql-client.ts';

export const exportHelp = `trafficgraph export --env ENV [--format ndjson|csv] [--output FILE] [--limit N] [filters]
  Writes the requests searchRequests finds, newest first, as NDJSON (exact) or CSV (for spreadsheets:
  RFC 4180 quoting, NUL as U+FFFD, a leading ' before cells starting with = + - @ tab or CR).
  Progress goes to stderr; the rows go to FILE, or to stdout without --output.
  --format F       ndjson (default) or csv
  --output FILE    written whole or not at all (through FILE.partial)
  --limit N        ${EXPORT_LIMIT_RULE}
  Filters (as searchRequests takes them): --since 2h | --from T --to T, --buckets a,b, --method GET,POST,
  --status 503, --status-class 4xx,5xx, --status-min N, --status-max N, --path /api/*, --route R, --host H,
  --query TEXT, --user-agent TEXT, --client-ip IP, --blocked true|false
  Needs a token with traffic:read (the admin token, with --env).
${connectionHelp}`;

const FILTER_FLAGS = [
  'env',
  'since',
  'from',
  'to',
  'buckets',
  'method',
  'status',
  'status-class',
  'status-min',
  'status-max',
  'path',
  'route',
  'host',
  'query',
  'user-agent',
  'client-ip',
  'blocked',
] as const;

/** The server names searchRequests' arguments; the user typed flags. */
const SEARCH_FLAGS: FlagNames = {
  buckets: '--buckets',
  'filter.methods': '--method',
  'filter.status': '--status',
  'filter.statusClasses': '--status-class',
  'filter.statusMin': '--status-min',
  'filter.statusMax': '--status-max',
  'filter.query': '--query',
  'filter.userAgent': '--user-agent',
  'filter.clientIp': '--client-ip',
  'filter.path': '--path',
  'filter.route': '--route',
  'filter.host': '--host',
  'filter.blocked': '--blocked',
  'range.since': '--since',
  'range.from': '--from',
  'range.to': '--to',
};

const flagOf = (parameter: string) => (parameter === 'environment' ? '--env' : `--${parameter.replaceAll('_', '-')}`);

/** Rows so far on stderr: a rewritten line on a terminal, a line per 1,000 rows otherwise. */
function rowProgress(stream: NodeJS.WriteStream = process.stderr) {
  let lastThousand = 0;
  return (rows: number) => {
    if (stream.isTTY) stream.write(`\rexporting: ${rows.toLocaleString('en-US')} rows so far`);
    else if (Math.floor(rows / 1000) > lastThousand) {
      lastThousand = Math.floor(rows / 1000);
      stream.write(`exporting: ${rows.toLocaleString('en-US')} rows so far\n`);
    }
  };
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> | void {
  if (stream.write(text)) return;
  return new Promise((resolve, reject) => {
    stream.once('drain', resolve);
    stream.once('error', reject);
  });
}

export async function exportRequests(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...connectionOptions,
      format: { type: 'string' },
      output: { type: 'string' },
      limit: { type: 'string' },
      ...Object.fromEntries(FILTER_FLAGS.map((flag) => [flag, { type: 'string' }] as const)),
    },
  });
  const parameters: Record<string, string> = {};
  for (const [flag, value] of Object.entries(values)) {
    if (value === undefined || flag === 'server' || flag === 'token' || flag === 'output') continue;
    parameters[flag === 'env' ? 'environment' : flag.replaceAll('-', '_')] = String(value);
  }
  const parsed = exportQuery.safeParse(parameters);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const parameter = String(issue.path[0] ?? '');
    throw new CliError(
      parameter ? issue.message.replace(new RegExp(`^${parameter}\\b`), flagOf(parameter)) : issue.message,
    );
  }
  const query = parsed.data;
  const connection = connectionFrom(values);
  const variables = searchVariables(query);
  const pages = exportPages(async (after, first) => {
    const { searchRequests: page } = await requestGraphQL(
      connection,
      ExportRequestsPageDocument,
      { ...variables, first, after },
      SEARCH_FLAGS,
    );
    return { rows: page.nodes, hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor };
  }, query.limit);

  const partial = values.output ? `${values.output}.partial` : null;
  const out: NodeJS.WritableStream = partial ? createWriteStream(partial) : process.stdout;
  const progress = rowProgress();
  let rows = 0;
  let more = false;
  let started = false;
  try {
    for await (const page of pages) {
      // Written once the first page came back: a refused search leaves stdout untouched.
      if (!started) await write(out, exportPreamble(query.format));
      started = true;
      for (const row of page.rows) await write(out, exportLine(query.format, exportedRequest(row)));
      rows += page.rows.length;
      more = page.more;
      progress(rows);
    }
    if (partial) {
      await new Promise<void>((resolve, reject) =>
        (out as WriteStream).end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      await rename(partial, values.output!);
    }
  } catch (error) {
    if (partial) {
      (out as WriteStream).destroy();
      await rm(partial, { force: true });
    }
    throw error;
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  const where = values.output ? ` to ${values.output}` : '';
  if (rows === 0) {
    process.stderr.write(
      `Nothing exported: no requests matched${values.output ? ` (${values.output} holds only ${query.format === 'csv' ? 'the header record' : 'nothing'})` : ''}.\n`,
    );
    return;
  }
  const limitNote = more
    ? `; the limit of ${query.limit.toLocaleString('en-US')} was reached and more requests matched (narrow the range or raise --limit)`
    : '';
  process.stderr.write(
    `Exported ${rows.toLocaleString('en-US')} ${rows === 1 ? 'request' : 'requests'} as ${query.format}${where}${limitNote}.\n`,
  );
}
