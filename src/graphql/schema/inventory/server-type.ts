import { commandLine } from '../../../domain/inventory/command-line.ts';
import { COMMAND_TYPES, commandTypeOf, RUNTIMES, runtimeOf } from '../../../domain/inventory/command-type.ts';
import { CLIENTS } from '../../../domain/inventory/scanner/client-locations.ts';
import type { MachineServerKey } from '../../../domain/inventory/server-history.ts';
import type { Prisma } from '../../../generated/prisma/client.ts';
import { builder } from '../../builder.ts';
import type { GraphQLContext } from '../../context.ts';
import { historyLoader, logFilesLoader, rollupLoader, statusLoader } from './loaders.ts';

export const serverInclude = {
  snapshot: { select: { accountId: true, machine: true, hostname: true } },
  configFile: { select: { fileName: true, filePath: true } },
} as const;
export type ServerRow = Prisma.SnapshotServerGetPayload<{ include: typeof serverInclude }>;

const keyOf = (row: ServerRow): MachineServerKey => ({
  accountId: row.snapshot.accountId,
  machine: row.snapshot.machine,
  client: row.client,
  serverName: row.serverName,
  filePath: row.configFile.filePath,
});
const rollupOf = (row: ServerRow, ctx: GraphQLContext) =>
  rollupLoader(ctx).load({ accountId: row.snapshot.accountId, serverName: row.serverName });
const argsOf = (row: ServerRow) => (Array.isArray(row.args) ? row.args.map(String) : []);

export const CommandTypeEnum = builder.enumType('CommandType', {
  description: "What a server's command starts, judged from its executable (the seed's values).",
  values: COMMAND_TYPES,
});
const RuntimeEnum = builder.enumType('Runtime', {
  description: 'How the server is started: a runtime, a package runner (npx, uvx), docker, remote (a URL) or unknown.',
  values: RUNTIMES,
});

const Capabilities = builder.objectRef<ServerRow>('SnapshotServerCapabilities').implement({
  description: 'What the configuration says about how the server runs.',
  fields: (t) => ({
    commandType: t.field({ type: CommandTypeEnum, resolve: (row) => commandTypeOf(row.command) }),
    runtime: t.field({ type: RuntimeEnum, resolve: (row) => runtimeOf(row.command, row.url) }),
    hasArgs: t.boolean({ resolve: (row) => Array.isArray(row.args) && row.args.length > 0 }),
    hasEnv: t.boolean({
      resolve: (row) => typeof row.env === 'object' && row.env !== null && Object.keys(row.env).length > 0,
    }),
    hasWorkingDir: t.boolean({ resolve: (row) => row.workingDirectory !== null && row.workingDirectory !== '' }),
  }),
});

const Rollup = builder.objectRef<ServerRow>('SnapshotServerRollup').implement({
  description: 'This server name across every machine of the account.',
  fields: (t) => ({
    machineCount: t.int({
      description: 'Machines that listed it in any snapshot.',
      resolve: async (row, _a, ctx) => (await rollupOf(row, ctx)).machineCount,
    }),
    detectedMachineCount: t.int({
      description: 'Machines whose latest snapshot lists it.',
      resolve: async (row, _a, ctx) => (await rollupOf(row, ctx)).detectedMachineCount,
    }),
    firstSeen: t.field({ type: 'DateTime', resolve: async (row, _a, ctx) => (await rollupOf(row, ctx)).firstSeen }),
    lastSeen: t.field({ type: 'DateTime', resolve: async (row, _a, ctx) => (await rollupOf(row, ctx)).lastSeen }),
    snapshotCount: t.int({ resolve: async (row, _a, ctx) => (await rollupOf(row, ctx)).snapshotCount }),
  }),
});

export const SnapshotServerType = builder.objectRef<ServerRow>('SnapshotServer').implement({
  description:
    'One MCP server configuration found in one snapshot. Secrets were redacted before storage and are redacted again on the way out.',
  fields: (t) => ({
    id: t.int({ resolve: (row) => row.id }),
    serverName: t.string({ resolve: (row) => row.serverName }),
    client: t.string({
      description: `The AI client whose config holds it: ${CLIENTS.join(', ')}, or another a newer scanner knows.`,
      resolve: (row) => row.client,
    }),
    machine: t.string({
      description:
        'The machine whose snapshot found it (a keyed id from its scanner, or its hostname for older scanners).',
      resolve: (row) => row.snapshot.machine,
    }),
    hostname: t.string({
      nullable: true,
      directives: { sanitized: { as: 'TEXT' } },
      resolve: (row) => row.snapshot.hostname,
    }),
    transport: t.string({ description: 'stdio, http, sse or websocket.', resolve: (row) => row.transport }),
    disabled: t.boolean({
      description: 'The client is told not to start it (disabled: true or enabled: false in its config).',
      resolve: (row) => row.disabled,
    }),
    command: t.string({
      nullable: true,
      description: 'The executable.',
      directives: { sanitized: { as: 'TEXT' } },
      resolve: (row) => row.command,
    }),
    commandLine: t.string({
      nullable: true,
      description:
        "The executable and its arguments, quoted where needed (the seed's REST `command`); null for a remote server.",
      directives: { sanitized: { as: 'TEXT' } },
      resolve: (row) => commandLine(row.command, argsOf(row)),
    }),
    args: t.field({
      type: 'JSON',
      nullable: true,
      directives: { sanitized: { as: 'JSON' } },
      resolve: (row) => row.args,
    }),
    env: t.field({
      type: 'JSON',
      nullable: true,
      directives: { sanitized: { as: 'JSON' } },
      resolve: (row) => row.env,
    }),
    workingDirectory: t.string({
      nullable: true,
      directives: { sanitized: { as: 'TEXT' } },
      resolve: (row) => row.workingDirectory,
    }),
    url: t.string({ nullable: true, directives: { sanitized: { as: 'TEXT' } }, resolve: (row) => row.url }),
    headers: t.field({
      type: 'JSON',
      nullable: true,
      directives: { sanitized: { as: 'JSON' } },
      resolve: (row) => row.headers,
    }),
    configFile: t.string({ description: 'Config file name.', resolve: (row) => row.configFile.fileName }),
    filePath: t.string({ directives: { sanitized: { as: 'TEXT' } }, resolve: (row) => row.configFile.filePath }),
    snapshotId: t.int({ resolve: (row) => row.snapshotId }),
    capabilities: t.field({ type: Capabilities, resolve: (row) => row }),
    logFiles: t.stringList({
      directives: { sanitized: { as: 'TEXT' } },
      description: 'Log file locations (never contents).',
      resolve: async (row, _args, ctx) => (await logFilesLoader(ctx).load(row.id)).map((log) => log.path),
    }),
    logFilesSanitized: t.boolean({
      description: 'True when a log file location had personal data redacted (by the scanner or by this server).',
      resolve: async (row, _args, ctx) => (await logFilesLoader(ctx).load(row.id)).some((log) => log.redactedCount > 0),
    }),
    sanitized: t.boolean({
      description:
        'True when a value of this configuration (name, command, args, env, working directory, url, headers) had a secret or personal data redacted.',
      resolve: (row) => row.redactedCount > 0,
    }),
    firstSeen: t.field({
      type: 'DateTime',
      description: 'First snapshot of this machine where this client listed it.',
      resolve: async (row, _a, ctx) => (await historyLoader(ctx).load(keyOf(row))).firstSeen,
    }),
    lastSeen: t.field({
      type: 'DateTime',
      description: 'Last snapshot of this machine where this client listed it.',
      resolve: async (row, _a, ctx) => (await historyLoader(ctx).load(keyOf(row))).lastSeen,
    }),
    snapshotCount: t.int({
      description: "This machine's snapshots where this client listed it.",
      resolve: async (row, _a, ctx) => (await historyLoader(ctx).load(keyOf(row))).snapshotCount,
    }),
    configLocations: t.stringList({
      description: 'Full paths of the config files holding it on this machine, for this client.',
      directives: { sanitized: { as: 'TEXT' } },
      resolve: async (row, _a, ctx) => (await historyLoader(ctx).load(keyOf(row))).configLocations,
    }),
    status: t.string({
      description:
        "Against the latest snapshot of this server's own machine: detected (listed there), configured (seen before, not there now) or unknown (that snapshot could not read its file).",
      resolve: (row, _a, ctx) => statusLoader(ctx).load(keyOf(row)),
    }),
    fleet: t.field({
      type: Rollup,
      description: 'This server name across every machine of the account.',
      resolve: (row) => row,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (row) => row.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (row) => row.updatedAt }),
  }),
});
