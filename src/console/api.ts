import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql/language/printer.js';

const TOKEN_KEY = 'trafficgraph.token';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The argument the server blamed (`name`, `cascade`, `input.endedAt`...), so the page can show the message beside that field. */
    readonly argument: string | null = null,
  ) {
    super(message);
  }
}

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

const printed = new WeakMap<object, string>();

/** Runs one of the console's typed operations against /graphql as the signed-in caller. */
export async function request<Result, Variables>(
  document: TypedDocumentNode<Result, Variables>,
  variables?: Variables,
): Promise<Result> {
  let query = printed.get(document);
  if (!query) printed.set(document, (query = print(document)));
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${session.token() ?? ''}`,
    },
    body: JSON.stringify({ query, variables: variables ?? {} }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    data?: Result;
    errors?: { message: string; extensions?: { argument?: unknown } }[];
  };
  const first = body.errors?.[0];
  if (first)
    throw new ApiError(
      first.message,
      response.status,
      typeof first.extensions?.argument === 'string' ? first.extensions.argument : null,
    );
  if (!response.ok || !body.data) throw new ApiError(`The server answered ${response.status}`, response.status);
  return body.data;
}
