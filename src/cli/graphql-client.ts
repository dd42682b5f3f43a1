import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { type FlagNames, inCliTerms } from './flag-names.ts';

export class CliError extends Error {}

export interface ServerConnection {
  server: string;
  token: string | undefined;
}

/** Runs one operation against a running trafficgraph server; errors become one readable line. */
export async function requestGraphQL<Result, Variables>(
  connection: ServerConnection,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  flags: FlagNames = {},
): Promise<Result> {
  if (!connection.token)
    throw new CliError('No token: pass --token or set ADMIN_TOKEN (the admin token printed by the first start)');
  const endpoint = new URL('/graphql', connection.server);
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${connection.token}`,
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new CliError(
      `No trafficgraph server answered at ${connection.server} (${cause}); start one with "npm start" or pass --server URL`,
    );
  }
  const text = await response.text();
  let body: { data?: Result | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new CliError(`${endpoint} answered ${response.status} with something other than GraphQL JSON`);
  }
  if (body.errors?.length) {
    throw new CliError(body.errors.map((error) => inCliTerms(error.message, error.extensions?.code, flags)).join('; '));
  }
  if (!body.data) throw new CliError(`${endpoint} answered ${response.status} without data`);
  return body.data;
}
