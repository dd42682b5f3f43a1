import type { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../db/database.ts';
import { UserInputError } from '../../errors.ts';
import type { TimeRange } from '../time/time-range.ts';

export interface AuditFilter {
  range: TimeRange;
  surface?: string | null;
  operation?: string | null;
  principalName?: string | null;
  outcome?: string | null;
  requestId?: string | null;
}

interface AuditCursor {
  at: Date;
  id: string;
}

export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`a1:${cursor.at.getTime()}:${cursor.id}`).toString('base64url');
}

function decodeAuditCursor(text: string): AuditCursor {
  const match = /^a1:(\d{1,15}):([a-z0-9]{1,40})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) throw new UserInputError('after: not a cursor returned by this API', 'after');
  return { at: new Date(Number(match[1])), id: match[2]! };
}

/**
 * Newest first. The server admin sees every entry; a token with the admin scope sees only the entries of
 * the tokens it may manage (`reach`: its environment, buckets it holds), never those of other environments.
 */
export async function queryAuditLog(
  db: Database,
  reach: Prisma.AccessTokenWhereInput | null,
  filter: AuditFilter,
  first: number,
  after: string | null | undefined,
) {
  const tokenIds =
    reach === null
      ? null
      : (await db.prisma.accessToken.findMany({ where: reach, select: { id: true } })).map((token) => token.id);
  const where: Prisma.AuditEntryWhereInput = {
    at: { gte: filter.range.from, lt: filter.range.to },
    ...(tokenIds !== null ? { tokenId: { in: tokenIds } } : {}),
    ...(filter.surface ? { surface: filter.surface } : {}),
    ...(filter.operation ? { operation: { contains: filter.operation } } : {}),
    ...(filter.principalName ? { principalName: filter.principalName } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.requestId ? { requestId: filter.requestId } : {}),
  };
  const cursor = after ? decodeAuditCursor(after) : null;
  const page = cursor
    ? { AND: [where, { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] }] }
    : where;
  const [rows, totalCount] = await Promise.all([
    db.prisma.auditEntry.findMany({ where: page, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: first + 1 }),
    db.prisma.auditEntry.count({ where }),
  ]);
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return {
    range: filter.range,
    totalCount,
    nodes,
    pageInfo: {
      hasNextPage: rows.length > first,
      endCursor: last ? encodeAuditCursor({ at: last.at, id: last.id }) : null,
    },
  };
}
