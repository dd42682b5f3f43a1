import { parseArgs } from 'node:util';
import { connectionFrom, connectionHelp, connectionOptions } from '../connection-options.ts';
import type { FlagNames } from '../flag-names.ts';
import { CliError, type ServerConnection } from '../graphql-client.ts';

export interface WorkspaceRow {
  id: string;
  name: string;
  description: string | null;
}

export interface WorkspaceDeletionRow {
  name: string;
  requests: number;
  accessTokens: number;
  events: number;
  rules: number;
}

/** What `environment` and `bucket` differ in: the noun and the GraphQL operations behind each action. */
export interface WorkspaceOperations<Row extends WorkspaceRow = WorkspaceRow> {
  noun: 'environment' | 'bucket';
  list(connection: ServerConnection): Promise<Row[]>;
  /** Settings of the noun's own, shown by `list` after the description. */
  listColumns?: readonly { header: string; text(row: Row): string }[];
  create(connection: ServerConnection, name: string, description: string | undefined): Promise<WorkspaceRow>;
  update(
    connection: ServerConnection,
    current: string,
    changes: { name?: string; description?: string },
  ): Promise<WorkspaceRow>;
  remove(connection: ServerConnection, name: string, cascade: boolean): Promise<WorkspaceDeletionRow>;
}

/** The server's argument names as this command's flags, for its input errors. */
export const WORKSPACE_FLAGS: FlagNames = { cascade: '--cascade', description: '--description' };

export function workspaceHelp(noun: string, example: string, extra: string): string {
  return `trafficgraph ${noun} create NAME [--description TEXT]
trafficgraph ${noun} list
trafficgraph ${noun} rename NAME NEW_NAME [--description TEXT]
trafficgraph ${noun} describe NAME --description TEXT
trafficgraph ${noun} delete NAME [--cascade]
  Manages ${noun}s (e.g. ${example}) on a running server; needs the admin token.${extra}
  Names: 1 to 64 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit; unique.
  delete refuses while requests, tokens or events refer to the ${noun} and says how many;
  --cascade deletes them with it.
${connectionHelp}`;
}

const plural = (count: number, one: string) => `${count.toLocaleString('en-US')} ${count === 1 ? one : `${one}s`}`;

export async function runWorkspaceCommand<Row extends WorkspaceRow>(
  operations: WorkspaceOperations<Row>,
  help: string,
  argv: string[],
): Promise<void> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { ...connectionOptions, description: { type: 'string' }, cascade: { type: 'boolean' } },
  });
  const connection = connectionFrom(values);
  const { noun } = operations;
  const name = positionals[0];
  const needName = (usage: string) => {
    if (!name) throw new CliError(`Usage: trafficgraph ${noun} ${usage}`);
    return name;
  };
  if (action === 'list') {
    const rows = await operations.list(connection);
    if (rows.length === 0)
      return console.log(`No ${noun}s yet. Create one: trafficgraph ${noun} create NAME --server ${connection.server}`);
    const columns = operations.listColumns ?? [];
    const width = Math.max(4, ...rows.map((row) => row.name.length));
    // The description is free text of any length: it is last unless settings follow it, then padded too.
    const descriptionWidth =
      columns.length === 0 ? 0 : Math.max(11, ...rows.map((row) => (row.description ?? '').length));
    const line = (cells: string[]) => cells.join('  ').trimEnd();
    console.log(
      line([
        'NAME'.padEnd(width),
        'ID'.padEnd(26),
        'DESCRIPTION'.padEnd(descriptionWidth),
        ...columns.map((column) => column.header),
      ]),
    );
    for (const row of rows)
      console.log(
        line([
          row.name.padEnd(width),
          row.id.padEnd(26),
          (row.description ?? '').padEnd(descriptionWidth),
          ...columns.map((column) => column.text(row).padEnd(column.header.length)),
        ]),
      );
    return;
  }
  if (action === 'create') {
    const created = await operations.create(
      connection,
      needName('create NAME [--description TEXT]'),
      values.description,
    );
    console.log(`Created ${noun} "${created.name}" (${created.id})`);
    return;
  }
  if (action === 'rename') {
    const newName = positionals[1];
    if (!newName) throw new CliError(`Usage: trafficgraph ${noun} rename NAME NEW_NAME`);
    const updated = await operations.update(connection, needName('rename NAME NEW_NAME'), {
      name: newName,
      ...(values.description !== undefined ? { description: values.description } : {}),
    });
    console.log(`Renamed ${noun} "${name}" to "${updated.name}"`);
    return;
  }
  if (action === 'describe') {
    if (values.description === undefined)
      throw new CliError(`--description is required: trafficgraph ${noun} describe NAME --description TEXT`);
    const updated = await operations.update(connection, needName('describe NAME --description TEXT'), {
      description: values.description,
    });
    console.log(`Updated the description of ${noun} "${updated.name}"`);
    return;
  }
  if (action === 'delete') {
    const deleted = await operations.remove(connection, needName('delete NAME [--cascade]'), values.cascade ?? false);
    const removed = [
      deleted.requests > 0 ? plural(deleted.requests, 'request') : '',
      deleted.accessTokens > 0
        ? `${plural(deleted.accessTokens, 'access token')} (${noun === 'bucket' ? 'revoked when it was their only bucket' : 'deleted'})`
        : '',
      deleted.events > 0 ? plural(deleted.events, 'event') : '',
      deleted.rules > 0 ? plural(deleted.rules, 'rule') : '',
    ].filter(Boolean);
    console.log(`Deleted ${noun} "${deleted.name}"${removed.length > 0 ? ` with ${removed.join(', ')}` : ''}`);
    return;
  }
  throw new CliError(`Unknown ${noun} action "${action ?? ''}"\n${help}`);
}
