import { parseArgs } from 'node:util';
import { SCOPES } from '../../auth/scopes.ts';
import {
  CliCreateAccessTokenDocument,
  CliListAccessTokensDocument,
  CliRevokeAccessTokenDocument,
  type Scope as GraphQLScope,
} from '../../generated/graphql.ts';
import { snippetsText } from '../../console/client-snippets.ts';
import { tokenSnippetSections } from '../../console/token-snippets.ts';
import { connectionFrom, connectionHelp, connectionOptions } from '../connection-options.ts';
import type { FlagNames } from '../flag-names.ts';
import { CliError, requestGraphQL } from '../graphql-client.ts';

export const tokenHelp = `trafficgraph token create --name N --env E (--buckets a,b | --all-buckets) [--scopes s1,s2] [--expires 30d]
trafficgraph token list [--all]
trafficgraph token revoke ID
  Manages access tokens (the seed's MCP tokens) on a running server. The secret is printed once.
  Scopes: ${SCOPES.join(', ')} (default: traffic:read,events:read,events:write,config:read)
${connectionHelp}`;

/** How `token create` sends its flags, so the server's input errors can be reworded in their terms. */
const CREATE_FLAGS: FlagNames = {
  buckets: '--buckets',
  allBuckets: '--all-buckets',
  expiresIn: '--expires',
  scopes: '--scopes',
};

const toGraphQLScope = (scope: string): GraphQLScope => {
  if (!(SCOPES as readonly string[]).includes(scope))
    throw new CliError(`Unknown scope "${scope}"; known: ${SCOPES.join(', ')}`);
  return scope.replace(':', '_').toUpperCase() as GraphQLScope;
};
const fromGraphQLScope = (scope: GraphQLScope) => scope.toLowerCase().replace('_', ':');
const list = (text: string | undefined) =>
  text
    ? text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : undefined;

export async function token(argv: string[]): Promise<void> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      ...connectionOptions,
      name: { type: 'string' },
      env: { type: 'string' },
      buckets: { type: 'string' },
      'all-buckets': { type: 'boolean' },
      scopes: { type: 'string' },
      expires: { type: 'string' },
      all: { type: 'boolean' },
    },
  });
  const connection = connectionFrom(values);
  if (action === 'create') {
    if (!values.name) throw new CliError('--name is required');
    if (!values.env) throw new CliError('--env is required (e.g. production)');
    const result = await requestGraphQL(
      connection,
      CliCreateAccessTokenDocument,
      {
        input: {
          name: values.name,
          environment: values.env,
          buckets: list(values.buckets),
          allBuckets: values['all-buckets'] ?? false,
          scopes: list(values.scopes)?.map(toGraphQLScope),
          expiresIn: values.expires,
        },
      },
      CREATE_FLAGS,
    );
    const created = result.createAccessToken;
    console.log(`Created token ${created.token.id} "${created.token.name}" for ${created.token.environment.name}`);
    console.log(`  buckets: ${created.token.allBuckets ? 'all' : created.token.buckets.map((b) => b.name).join(', ')}`);
    console.log(`  scopes:  ${created.token.scopes.map(fromGraphQLScope).join(', ')}`);
    console.log(`  expires: ${created.token.expiresAt ?? 'never'}`);
    console.log('\nSecret (shown once, store it now):');
    console.log(`  ${created.secret}\n`);
    const sections = tokenSnippetSections(connection.server, created.secret, {
      scopes: created.token.scopes.map(fromGraphQLScope),
      environment: created.token.environment.name,
      bucket: created.token.allBuckets ? null : (created.token.buckets[0]?.name ?? null),
    });
    console.log(sections.map((section) => `${section.heading}:\n\n${snippetsText(section.snippets)}`).join('\n\n'));
    return;
  }
  if (action === 'list') {
    const result = await requestGraphQL(connection, CliListAccessTokensDocument, {
      includeInactive: values.all ?? false,
    });
    if (result.accessTokens.length === 0) return console.log('No tokens.');
    const rows = result.accessTokens.map((t) => [
      t.id,
      t.name,
      `${t.prefix}…`,
      t.environment.name,
      t.allBuckets ? 'all' : t.buckets.map((b) => b.name).join(','),
      t.scopes.map(fromGraphQLScope).join(','),
      t.status,
      t.lastUsedAt ?? 'never',
    ]);
    const header = ['ID', 'NAME', 'PREFIX', 'ENV', 'BUCKETS', 'SCOPES', 'STATUS', 'LAST USED'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
    return;
  }
  if (action === 'revoke') {
    const id = positionals[0];
    if (!id) throw new CliError('Usage: trafficgraph token revoke ID');
    const result = await requestGraphQL(connection, CliRevokeAccessTokenDocument, { id });
    console.log(
      `Revoked ${result.revokeAccessToken.id} "${result.revokeAccessToken.name}" at ${result.revokeAccessToken.revokedAt}`,
    );
    return;
  }
  throw new CliError(`Unknown token action "${action ?? ''}"\n${tokenHelp}`);
}
