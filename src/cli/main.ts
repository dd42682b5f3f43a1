import { ConfigurationError } from '../errors.ts';
import { CliError } from './graphql-client.ts';
import { migrate, migrateHelp } from './commands/migrate.ts';
import { seed, seedHelp } from './commands/seed.ts';
import { serve, serveHelp } from './commands/serve.ts';
import { token, tokenHelp } from './commands/token.ts';
import { snapshot, snapshotHelp } from './commands/snapshot.ts';
import { importHar, importHarHelp } from './commands/import-har.ts';
import { environment, environmentHelp } from './commands/environment.ts';
import { bucket, bucketHelp } from './commands/bucket.ts';
import { purge, purgeHelp } from './commands/purge.ts';
import { exportHelp, exportRequests } from './commands/export.ts';

interface Command {
  summary: string;
  help: string;
  run(argv: string[]): Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  serve: { summary: 'start the server (what npm start runs)', help: serveHelp, run: () => serve() },
  migrate: { summary: 'apply database migrations', help: migrateHelp, run: () => migrate() },
  seed: { summary: 'add deterministic demo data', help: seedHelp, run: seed },
  environment: {
    summary: 'create, list, rename and delete environments; change their settings',
    help: environmentHelp,
    run: environment,
  },
  bucket: { summary: 'create, list, rename and delete buckets', help: bucketHelp, run: bucket },
  token: { summary: 'create, list and revoke access (MCP) tokens', help: tokenHelp, run: token },
  'import-har': { summary: 'import a HAR file through the capture pipeline', help: importHarHelp, run: importHar },
  export: {
    summary: 'write search results as NDJSON or CSV (to a file or stdout)',
    help: exportHelp,
    run: exportRequests,
  },
  snapshot: { summary: "scan this machine's MCP client configs into a snapshot", help: snapshotHelp, run: snapshot },
  purge: { summary: 'delete what retention let go now (--dry-run: show what would go)', help: purgeHelp, run: purge },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    'trafficgraph: query API traffic and audit MCP server configurations, over GraphQL, MCP and REST.',
    '',
    'Usage: trafficgraph <command> [options]     (trafficgraph <command> --help for details)',
    '',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    'Commands that read or change data talk GraphQL to a running server (--server, --token);',
    'seed can write the database itself with --direct.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(`Unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    // One line that says what to fix; stack traces are for bugs, not for configuration mistakes.
    if (error instanceof ConfigurationError || error instanceof CliError) {
      console.error(`trafficgraph ${name}: ${error.message}`);
      return 1;
    }
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`trafficgraph ${name}: ${error.message}\n\n${command.help}`);
      return 2;
    }
    console.error(`trafficgraph ${name}: unexpected error`, error);
    return 1;
  }
}
