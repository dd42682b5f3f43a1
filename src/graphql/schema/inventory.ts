import DataLoader from 'dataloader';
import { createContextCache } from '@pothos/core';
import { z } from 'zod';
import { scopedWhere } from '../../auth/data-access.ts';
import { commandTypeOf, NODE_COMMANDS, PYTHON_COMMANDS, runtimeOf } from '../../domain/inventory/command-type.ts';
import { inventoryStats } from '../../domain/inventory/inventory-stats.ts';
import { serverHistories, serverStatuses, type ServerHistory, type ServerStatus } from '../../domain/inventory/server-history.ts';
import { CLIENTS } from '../../domain/inventory/scanner/client-locations.ts';
import { CLIENT_ID, CLIENT_ID_RULE } from '../../domain/inventory/client-id.ts';
import { NotFoundError, UserInputError } from '../../errors.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { builder, requireScopes } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';

type ServerKey = { accountId: string; serverName: string; client: string; fileName: string };

// Derived per server name across snapshots; batched so a page of servers costs one query each.
const historyLoader = createContextCache(
  (ctx: GraphQLContext) =>
    new DataLoader<ServerKey, ServerHistory, string>(
      async (keys) => {
        const byAccount = new Map<string, string[]>();
        for (const key of keys) byAccount.set(key.accountId, [...(byAccount.get(key.accountId) ?? []), key.serverName]);
        const results = new Map<string, ServerHistory>();
        for (const [accountId, names] of byAccount) {
          for (const [name, history] of await serverHistories(ctx.db, accountId, names)) results.set(`${accountId}/${name}`, history);
        }
        return keys.map((key) => results.get(`${key.accountId}/${key.serverName}`) ?? new Error(`no history for ${key.serverName}`));
      },
      { cacheKeyFn: (key) => `${key.accountId}/${key.serverName}` },
    ),
);

const statusLoader = createContextCache(
  (ctx: GraphQLContext) =>
    new DataLoader<ServerKey, ServerStatus, string>(
      async (keys) => {
        const out: ServerStatus[] = new Array(keys.length);
        const accounts = [...new Set(keys.map((k) => k.accountId))];
        for (const accountId of accounts) {
          const indexes = keys.map((k, i) => (k.accountId === accountId ? i : -1)).filter((i) => i >= 0);
          const statuses = await serverStatuses(ctx.db, accountId, indexes.map((i) => keys[i]!));
          for (const [n, index] of indexes.entries()) out[index] = statuses[n]!;
        }
        return out;
      },
      { cacheKeyFn: (key) => `${key.accountId}/${key.serverName}/${key.client}/${key.fileName}` },
    ),
);

// Log file locations of a page of servers in one query, not one per server.
const logFilesLoader = createContextCache(
  (ctx: GraphQLContext) =>
    new DataLoader<number, string[]>(async (serverIds) => {
      const rows = await ctx.db.prisma.snapshotLogFile.findMany({ where: { serverId: { in: [...serverIds] } }, orderBy: { path: 'asc' }, select: { serverId: true, path: true } });
      return serverIds.map((id) => rows.filter((row) => row.serverId === id).map((row) => row.path));
    }),
);

const serverInclude = { snapshot: { select: { accountId: true } }, configFile: { select: { fileName: true, filePath: true } } } as const;
type ServerRow = Prisma.SnapshotServerGetPayload<{ include: typeof serverInclude }>;

const keyOf = (row: ServerRow): ServerKey => ({ accountId: row.snapshot.accountId, serverName: row.serverName, client: row.client, fileName: row.configFile.fileName });
const hasRedaction = (value: unknown) => JSON.stringify(value ?? null).includes('[REDACTED_');

const Capabilities = builder.objectRef<ServerRow>('SnapshotServerCapabilities').implement({
  description: 'What the configuration says about how the server runs.',
  fields: (t) => ({
    commandType: t.string({ description: 'node, python, binary or unknown (the seed\'s values).', resolve: (row) => commandTypeOf(row.command) }),
    runtime: t.string({ description: 'node, npx, python, uvx, docker, deno, bun, binary, remote or unknown.', resolve: (row) => runtimeOf(row.command, row.url) }),
    hasArgs: t.boolean({ resolve: (row) => Array.isArray(row.args) && row.args.length > 0 }),
    hasEnv: t.boolean({ resolve: (row) => typeof row.env === 'object' && row.env !== null && Object.keys(row.env).length > 0 }),
    hasWorkingDir: t.boolean({ resolve: (row) => row.workingDirectory !== null && row.workingDirectory !== '' }),
  }),
});

export const SnapshotServerType = builder.objectRef<ServerRow>('SnapshotServer').implement({
  description: 'One MCP server configuration found in one snapshot. Secrets were redacted before storage and are redacted again on the way out.',
  fields: (t) => ({
    id: t.int({ resolve: (row) => row.id }),
    serverName: t.string({ resolve: (row) => row.serverName }),
    client: t.string({ description: `The AI client whose config holds it: ${CLIENTS.join(', ')}, or another a newer scanner knows.`, resolve: (row) => row.client }),
    transport: t.string({ description: 'stdio, http, sse or websocket.', resolve: (row) => row.transport }),
    disabled: t.boolean({ description: 'The client is told not to start it (disabled: true or enabled: false in its config).', resolve: (row) => row.disabled }),
    command: t.string({ nullable: true, directives: { sanitized: { as: 'TEXT' } }, resolve: (row) => row.command }),
    args: t.field({ type: 'JSON', nullable: true, directives: { sanitized: { as: 'JSON' } }, resolve: (row) => row.args }),
    env: t.field({ type: 'JSON', nullable: true, directives: { sanitized: { as: 'JSON' } }, resolve: (row) => row.env }),
    workingDirectory: t.string({ nullable: true, directives: { sanitized: { as: 'TEXT' } }, resolve: (row) => row.workingDirectory }),
    url: t.string({ nullable: true, directives: { sanitized: { as: 'TEXT' } }, resolve: (row) => row.url }),
    headers: t.field({ type: 'JSON', nullable: true, directives: { sanitized: { as: 'JSON' } }, resolve: (row) => row.headers }),
    configFile: t.string({ description: 'Config file name.', resolve: (row) => row.configFile.fileName }),
    filePath: t.string({ directives: { sanitized: { as: 'TEXT' } }, resolve: (row) => row.configFile.filePath }),
    snapshotId: t.int({ resolve: (row) => row.snapshotId }),
    capabilities: t.field({ type: Capabilities, resolve: (row) => row }),
    logFiles: t.stringList({
      directives: { sanitized: { as: 'TEXT' } },
      description: 'Log file locations (never contents).',
      resolve: (row, _args, ctx) => logFilesLoader(ctx).load(row.id),
    }),
    logFilesSanitized: t.boolean({
      description: 'True when a log file location had personal data redacted.',
      resolve: async (row, _args, ctx) => (await logFilesLoader(ctx).load(row.id)).some(hasRedaction),
    }),
    sanitized: t.boolean({
      description: 'True when a value of this configuration (name, command, args, env, working directory, url, headers) had a secret or personal data redacted.',
      resolve: (row) => row.redactedCount > 0,
    }),
    firstSeen: t.field({ type: 'DateTime', resolve: async (row, _a, ctx) => (await historyLoader(ctx).load(keyOf(row))).firstSeen }),
    lastSeen: t.field({ type: 'DateTime', resolve: async (row, _a, ctx) => (await historyLoader(ctx).load(keyOf(row))).lastSeen }),
    snapshotCount: t.int({ resolve: async (row, _a, ctx) => (await historyLoader(ctx).load(keyOf(row))).snapshotCount }),
    configLocations: t.stringList({ resolve: async (row, _a, ctx) => (await historyLoader(ctx).load(keyOf(row))).configLocations }),
    status: t.string({ description: 'detected (in the latest snapshot), configured (seen before) or unknown.', resolve: (row, _a, ctx) => statusLoader(ctx).load(keyOf(row)) }),
    createdAt: t.field({ type: 'DateTime', resolve: (row) => row.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (row) => row.updatedAt }),
  }),
});

interface ServerPage {
  items: ServerRow[];
  total: number;
  page: number;
  pageSize: number;
}

const SnapshotServerPage = builder.objectRef<ServerPage>('SnapshotServerPage').implement({
  fields: (t) => ({
    items: t.field({ type: [SnapshotServerType], resolve: (p) => p.items }),
    total: t.exposeInt('total'),
    page: t.exposeInt('page'),
    pageSize: t.exposeInt('pageSize'),
    totalPages: t.int({ resolve: (p) => Math.ceil(p.total / p.pageSize) }),
    hasNext: t.boolean({ resolve: (p) => p.page * p.pageSize < p.total }),
    hasPrevious: t.boolean({ resolve: (p) => p.page > 1 }),
  }),
});

function commandTypeWhere(commandType: string): Prisma.SnapshotServerWhereInput {
  switch (commandType) {
    case 'node':
      return { command: { in: NODE_COMMANDS } };
    case 'python':
      return { command: { in: PYTHON_COMMANDS } };
    case 'binary':
      return { AND: [{ command: { not: null } }, { command: { notIn: [...NODE_COMMANDS, ...PYTHON_COMMANDS] } }] };
    case 'unknown':
      return { command: null };
    default:
      throw new UserInputError(`commandType must be node, python, binary or unknown (got "${commandType}")`, 'commandType');
  }
}

builder.queryFields((t) => ({
  snapshotServers: t.field({
    ...requireScopes('inventory:read'),
    type: SnapshotServerPage,
    description: 'MCP servers found across snapshots, newest first, with filters and page-number pagination.',
    args: {
      snapshotId: t.arg.int({ required: false }),
      name: t.arg.string({ required: false, description: 'Part of the server name, case-insensitive.', validate: z.string().max(200) }),
      client: t.arg.string({ required: false }),
      commandType: t.arg.string({ required: false }),
      page: t.arg.int({ required: false, defaultValue: 1 }),
      limit: t.arg.int({ required: false, defaultValue: 20 }),
    },
    resolve: async (_root, args, ctx) => {
      const page = args.page ?? 1;
      const limit = args.limit ?? 20;
      if (!Number.isInteger(page) || page < 1) throw new UserInputError('page must be 1 or more', 'page');
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UserInputError('limit must be from 1 to 100', 'limit');
      if (args.client && !CLIENT_ID.test(args.client)) throw new UserInputError(CLIENT_ID_RULE, 'client');
      const where: Prisma.SnapshotServerWhereInput = {
        snapshot: scopedWhere.account(ctx.access),
        ...(args.snapshotId != null ? { snapshotId: args.snapshotId } : {}),
        ...(args.name ? { serverName: { contains: args.name, mode: 'insensitive' } } : {}),
        ...(args.client ? { client: args.client } : {}),
        ...(args.commandType ? commandTypeWhere(args.commandType) : {}),
      };
      const [items, total] = await Promise.all([
        ctx.db.prisma.snapshotServer.findMany({ where, include: serverInclude, orderBy: [{ snapshotId: 'desc' }, { id: 'asc' }], skip: (page - 1) * limit, take: limit }),
        ctx.db.prisma.snapshotServer.count({ where }),
      ]);
      return { items, total, page, pageSize: limit };
    },
  }),
  snapshotServer: t.field({
    ...requireScopes('inventory:read'),
    type: SnapshotServerType,
    args: { id: t.arg.int({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const row = await ctx.db.prisma.snapshotServer.findFirst({ where: { id, snapshot: scopedWhere.account(ctx.access) }, include: serverInclude });
      if (!row) throw new NotFoundError(`MCP server ${id}`);
      return row;
    },
  }),
}));

type Stats = Awaited<ReturnType<typeof inventoryStats>>;
const SnapshotCount = builder.objectRef<Stats['serversBySnapshot'][number]>('SnapshotServerCount').implement({
  fields: (t) => ({
    snapshotId: t.exposeInt('snapshotId'),
    label: t.exposeString('label'),
    takenAt: t.field({ type: 'DateTime', resolve: (s) => s.takenAt }),
    count: t.exposeInt('count'),
  }),
});
const ServerCount = builder.objectRef<Stats['mostCommonServers'][number]>('ServerNameCount').implement({
  fields: (t) => ({ serverName: t.exposeString('serverName'), count: t.exposeInt('count') }),
});
const InventoryStatsType = builder.objectRef<Stats>('InventoryStats').implement({
  fields: (t) => ({
    totalServers: t.exposeInt('totalServers', { description: 'Distinct server names.' }),
    totalConfigurations: t.exposeInt('totalConfigurations', { description: 'Server configurations across all snapshots.' }),
    serversBySnapshot: t.field({ type: [SnapshotCount], resolve: (s) => s.serversBySnapshot }),
    mostCommonServers: t.field({ type: [ServerCount], description: 'Top 10.', resolve: (s) => s.mostCommonServers }),
    configFileLocations: t.stringList({ resolve: (s) => s.configFileLocations }),
  }),
});

builder.queryField('snapshotServerStats', (t) =>
  t.field({ ...requireScopes('inventory:read'), type: InventoryStatsType, resolve: (_root, _args, ctx) => inventoryStats(ctx.db, ctx.access.accountId) }),
);
