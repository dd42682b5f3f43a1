import { UserInputError } from '../../errors.ts';

/** Position after a row in newest-first order: its timestamp and internal id (ties broken by id). */
export interface RequestCursor {
  timestamp: Date;
  id: bigint;
}

export function encodeCursor(cursor: RequestCursor): string {
  return Buffer.from(`r1:${cursor.timestamp.getTime()}:${cursor.id}`).toString('base64url');
}

export function decodeCursor(text: string, argument = 'after'): RequestCursor {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const match = /^r1:(\d{1,15}):(\d{1,19})$/.exec(decoded);
  if (!match) throw new UserInputError(`${argument}: not a cursor returned by this API`, argument);
  return { timestamp: new Date(Number(match[1])), id: BigInt(match[2]!) };
}
