import DataLoader from 'dataloader';
import { createContextCache } from '@pothos/core';
import {
  historyKey,
  serverHistories,
  serverRollups,
  serverStatuses,
  type MachineServerKey,
  type ServerHistory,
  type ServerRollup,
  type ServerStatus,
} from '../../../domain/inventory/server-history.ts';
import type { GraphQLContext } from '../../context.ts';

const byAccount = <K extends { accountId: string }>(keys: readonly K[]) => {
  const groups = new Map<string, K[]>();
  for (const key of keys) groups.set(key.accountId, [...(groups.get(key.accountId) ?? []), key]);
  return groups;
};

// Per machine and client, across that machine's snapshots; batched so a page of servers costs one query.
export const historyLoader = createContextCache(
  (ctx: GraphQLContext) =>
    new DataLoader<MachineServerKey, ServerHistory, string>(
      async (keys) => {
        const results = new Map<string, ServerHistory>();
        for (const [accountId, group] of byAccount(keys)) {
          for (const [key, history] of await serverHistories(ctx.db, accountId, [
            ...new Set(group.map((k) => k.serverName)),
          ]))
            results.set(key, history);
        }
        return keys.map((key) => results.get(historyKey(key)) ?? new Error(`no history for ${key.serverName}`));
      },
      { cacheKeyFn: historyKey },
    ),
);

export const statusLoader = createContextCache(
  (ctx: GraphQLContext) =>
    new DataLoader<MachineServerKey, ServerStatus, string>(
      async (keys) => {
        const out: ServerStatus[] = new Array(keys.length);
        for (const [accountId, group] of byAccount(keys)) {
          const statuses = await serverStatuses(ctx.db, accountId, group);
          for (const [n, key] of group.entries()) out[keys.indexOf(key)] = statuses[n]!;
        }
        return out;
      },
      { cacheKeyFn: (key) => JSON.stringify([key.accountId, key.machine, key.client, key.serverName, key.filePath]) },
    ),
);

type RollupKey = { accountId: string; serverName: string };

// By server name across every machine of the account.
export const rollupLoader = createContextCache(
  (ctx: GraphQLContext) =>
    new DataLoader<RollupKey, ServerRollup, string>(
      async (keys) => {
        const results = new Map<string, ServerRollup>();
        for (const [accountId, group] of byAccount(keys)) {
          for (const [name, rollup] of await serverRollups(ctx.db, accountId, [
            ...new Set(group.map((k) => k.serverName)),
          ]))
            results.set(JSON.stringify([accountId, name]), rollup);
        }
        return keys.map(
          (key) =>
            results.get(JSON.stringify([key.accountId, key.serverName])) ??
            new Error(`no roll-up for ${key.serverName}`),
        );
      },
      { cacheKeyFn: (key) => JSON.stringify([key.accountId, key.serverName]) },
    ),
);

export interface StoredLogFile {
  path: string;
  redactedCount: number;
}

// Log files of a page of servers in one query, not one per server.
export const logFilesLoader = createContextCache(
  (ctx: GraphQLContext) =>
    new DataLoader<number, StoredLogFile[]>(async (serverIds) => {
      const rows = await ctx.db.prisma.snapshotLogFile.findMany({
        where: { serverId: { in: [...serverIds] } },
        orderBy: { path: 'asc' },
        select: { serverId: true, path: true, redactedCount: true },
      });
      return serverIds.map((id) =>
        rows.filter((row) => row.serverId === id).map(({ path, redactedCount }) => ({ path, redactedCount })),
      );
    }),
);
