import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql/language/printer.js';

const TOKEN_KEY = 'trafficgraph.token';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
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
export async function request<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables?: Variables): Promise<Result> {
  let query = printed.get(document);
  if (!query) printed.set(document, (query = print(document)));
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${session.token() ?? ''}` },
    body: JSON.stringify({ query, variables: variables ?? {} }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: Result; errors?: { message: string }[] };
  if (body.errors?.length) throw new ApiError(body.errors[0]!.message, response.status);
  if (!response.ok || !body.data) throw new ApiError(`The server answered ${response.status}`, response.status);
  return body.data;
}
