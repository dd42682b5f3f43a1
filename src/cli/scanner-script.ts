// The entry of the self-contained scanner the server serves at /api/v1/scanner.mjs (bundled by esbuild, Node 18+,
// no dependencies), for machines that have no clone of trafficgraph:
//   curl -fsS URL/api/v1/scanner.mjs | node - --server URL --token T
// It runs the same scan, redaction and send as `trafficgraph snapshot scan`.
import { parseArgs } from 'node:util';
import { CliError } from './graphql-client.ts';
import { scanAndSend, scanFlags, scanOptionsFrom } from './scan-and-send.ts';

const HELP = `node scanner.mjs --server URL --token T [--home DIR] [--project DIR]... [--no-project-discovery] [--label NAME] [--account NAME]
  Scans this machine's MCP client configs, redacts secrets and personal data here, and sends only the server
  entries and each file's location and status to the trafficgraph server at URL.
  --token T   a token with inventory:write (or admin); default TRAFFICGRAPH_TOKEN
  --server    default TRAFFICGRAPH_SERVER`;

async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      ...scanFlags,
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const server = values.server ?? process.env.TRAFFICGRAPH_SERVER;
  if (!server) throw new CliError(`--server is required\n${HELP}`);
  await scanAndSend(
    scanOptionsFrom(values, { server, token: values.token ?? process.env.TRAFFICGRAPH_TOKEN }),
    (line) => process.stderr.write(`${line}\n`),
    (line) => console.log(line),
  );
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const known =
      error instanceof CliError ||
      (error instanceof Error && error.name === 'TypeError' && /parseArgs|option/i.test(error.message));
    process.stderr.write(`scanner: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!known && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  },
);
