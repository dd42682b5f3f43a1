import { parseArgs } from 'node:util';
import {
  CliCreateEnvironmentDocument,
  CliDeleteEnvironmentDocument,
  CliListEnvironmentsDocument,
  CliSetEnvironmentCreatesBucketsDocument,
  CliUpdateEnvironmentDocument,
  type CliListEnvironmentsQuery,
} from '../../generated/graphql.ts';
import { connectionFrom, connectionOptions } from '../connection-options.ts';
import type { FlagNames } from '../flag-names.ts';
import { CliError, requestGraphQL } from '../graphql-client.ts';
import { runWorkspaceCommand, WORKSPACE_FLAGS, workspaceHelp, type WorkspaceOperations } from './workspace-command.ts';

const UPDATE_USAGE = 'trafficgraph environment update NAME --create-buckets-on-first-sight true|false';

export const environmentHelp = workspaceHelp(
  'environment',
  'production, staging',
  `\n  Only the server admin token may create or delete environments.
${UPDATE_USAGE}
  Changes a setting: with --create-buckets-on-first-sight true, capture (ingest, OpenTelemetry intake)
  into a bucket name not seen before creates that bucket instead of rejecting the records; off by default.`,
);

type EnvironmentRow = CliListEnvironmentsQuery['environments'][number];

const operations: WorkspaceOperations<EnvironmentRow> = {
  noun: 'environment',
  list: async (connection) => (await requestGraphQL(connection, CliListEnvironmentsDocument, {})).environments,
  // Whether capture into an unknown bucket name creates the bucket or is rejected (environment update).
  listColumns: [
    { header: 'NEW BUCKETS', text: (row) => (row.createsBucketsOnFirstSight ? 'created on first sight' : 'rejected') },
  ],
  create: async (connection, name, description) =>
    (await requestGraphQL(connection, CliCreateEnvironmentDocument, { input: { name, description } }, WORKSPACE_FLAGS))
      .createEnvironment,
  update: async (connection, environment, changes) =>
    (
      await requestGraphQL(
        connection,
        CliUpdateEnvironmentDocument,
        { input: { environment, ...changes } },
        WORKSPACE_FLAGS,
      )
    ).updateEnvironment,
  remove: async (connection, environment, cascade) =>
    (await requestGraphQL(connection, CliDeleteEnvironmentDocument, { environment, cascade }, WORKSPACE_FLAGS))
      .deleteEnvironment,
};

const SETTING_FLAGS: FlagNames = { enabled: '--create-buckets-on-first-sight' };

/** A flag's `true` or `false`, spelled out so that a script reads the same as the setting it changes. */
function booleanFlag(flag: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new CliError(`${flag} takes true or false (got "${value}")`);
}

/** `environment update NAME --create-buckets-on-first-sight true|false`: an environment's settings. */
async function updateSettings(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...connectionOptions, 'create-buckets-on-first-sight': { type: 'string' } },
  });
  const name = positionals[0];
  const createsBuckets = booleanFlag('--create-buckets-on-first-sight', values['create-buckets-on-first-sight']);
  if (!name || createsBuckets === undefined) throw new CliError(`Usage: ${UPDATE_USAGE}`);
  const { setEnvironmentCreatesBuckets: updated } = await requestGraphQL(
    connectionFrom(values),
    CliSetEnvironmentCreatesBucketsDocument,
    { environment: name, enabled: createsBuckets },
    SETTING_FLAGS,
  );
  console.log(
    updated.createsBucketsOnFirstSight
      ? `Environment "${updated.name}" now creates buckets on first sight: capture into an unknown bucket name creates it`
      : `Environment "${updated.name}" no longer creates buckets on first sight: capture into an unknown bucket name is rejected`,
  );
}

export const environment = (argv: string[]) =>
  argv[0] === 'update' ? updateSettings(argv.slice(1)) : runWorkspaceCommand(operations, environmentHelp, argv);
