import { z } from 'zod';
import { scopedWhere } from '../../../auth/data-access.ts';
import { CLIENT_ID, CLIENT_ID_RULE } from '../../../domain/inventory/client-id.ts';
import { type CommandType, NODE_COMMANDS, PYTHON_COMMANDS } from '../../../domain/inventory/command-type.ts';
import { NotFoundError, UserInputError } from '../../../errors.ts';
import type { Prisma } from '../../../generated/prisma/client.ts';
import { builder, requireScopes } from '../../builder.ts';
import { CommandTypeEnum, serverInclude, SnapshotServerType, type ServerRow } from './server-type.ts';

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

const commandTypeWhere: Record<CommandType, Prisma.SnapshotServerWhereInput> = {
  node: { command: { in: NODE_COMMANDS } },
  python: { command: { in: PYTHON_COMMANDS } },
  binary: { AND: [{ command: { not: null } }, { command: { notIn: [...NODE_COMMANDS, ...PYTHON_COMMANDS] } }] },
  unknown: { command: null },
};

builder.queryFields((t) => ({
  snapshotServers: t.field({
    ...requireScopes('inventory:read'),
    type: SnapshotServerPage,
    description: 'MCP servers found across snapshots, newest first, with filters and page-number pagination.',
    args: {
      snapshotId: t.arg.int({ required: false }),
      name: t.arg.string({
        required: false,
        description: 'Part of the server name, case-insensitive.',
        validate: z.string().max(200),
      }),
      client: t.arg.string({ required: false }),
      machine: t.arg.string({
        required: false,
        description: "One machine's snapshots only.",
        validate: z.string().max(255),
      }),
      commandType: t.arg({ type: CommandTypeEnum, required: false }),
      page: t.arg.int({ required: false, defaultValue: 1 }),
      limit: t.arg.int({ required: false, defaultValue: 20 }),
    },
    resolve: async (_root, args, ctx) => {
      const page = args.page ?? 1;
      const limit = args.limit ?? 20;
      if (!Number.isInteger(page) || page < 1) throw new UserInputError('page must be 1 or more', 'page');
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        throw new UserInputError('limit must be from 1 to 100', 'limit');
      if (args.client && !CLIENT_ID.test(args.client)) throw new UserInputError(CLIENT_ID_RULE, 'client');
      const where: Prisma.SnapshotServerWhereInput = {
        snapshot: { ...scopedWhere.account(ctx.access), ...(args.machine != null ? { machine: args.machine } : {}) },
        ...(args.snapshotId != null ? { snapshotId: args.snapshotId } : {}),
        ...(args.name ? { serverName: { contains: args.name, mode: 'insensitive' } } : {}),
        ...(args.client ? { client: args.client } : {}),
        ...(args.commandType ? commandTypeWhere[args.commandType] : {}),
      };
      const [items, total] = await Promise.all([
        ctx.db.prisma.snapshotServer.findMany({
          where,
          include: serverInclude,
          orderBy: [{ snapshotId: 'desc' }, { id: 'asc' }],
          skip: (page - 1) * limit,
          take: limit,
        }),
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
      const row = await ctx.db.prisma.snapshotServer.findFirst({
        where: { id, snapshot: scopedWhere.account(ctx.access) },
        include: serverInclude,
      });
      if (!row) throw new NotFoundError(`MCP server ${id}`);
      return row;
    },
  }),
}));
