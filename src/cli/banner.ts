import type { RunningServer } from '../app.ts';
import { clientSnippetsText } from '../console/client-snippets.ts';

/**
 * Where secrets may go. A terminal is a person reading once; anything else (a log collector, `docker logs`,
 * a JSON log file) keeps what it receives, so there tokens are written to a private file or not at all.
 */
export type SecretOutput = { kind: 'terminal' } | { kind: 'not-a-terminal'; adminTokenFile: string | null };

/** The commands from an empty server to stored traffic, each pointed at this server. */
export function nextSteps(url: string): string[] {
  const server = `--server ${url}`;
  return [
    'Next steps (README: "Use it with your own traffic"); with ADMIN_TOKEN set to the admin token:',
    `  npx trafficgraph environment create production ${server}`,
    `  npx trafficgraph bucket create my-api ${server}`,
    `  npx trafficgraph token create --name my-agent --env production --buckets my-api --scopes traffic:write ${server}`,
    `  curl -s ${url}/api/v1/ingest -H "authorization: Bearer $WRITE_TOKEN" -H 'content-type: application/json' \\`,
    `    -d '[{"bucket":"my-api","method":"GET","url":"https://api.example.com/health","status":200,"duration_ms":12,"timestamp":"${new Date().toISOString()}"}]'`,
    `  npx trafficgraph token create --name my-assistant --env production --all-buckets ${server}   # an MCP token`,
  ];
}

function adminTokenLines(token: string, output: SecretOutput): string[] {
  if (output.kind === 'terminal')
    return ['', 'Admin token (shown once; save it, e.g. export ADMIN_TOKEN=...):', `  ${token}`];
  if (output.adminTokenFile) {
    return [
      '',
      `Admin token: not printed (stdout is not a terminal); written once to ${output.adminTokenFile} (readable by you only).`,
    ];
  }
  return [
    '',
    'Admin token: generated but not printed (stdout is not a terminal). Set ADMIN_TOKEN (16+ characters) and restart to use one you choose.',
  ];
}

function demoTokenLines(url: string, token: string, output: SecretOutput): string[] {
  const create = `npx trafficgraph token create --name my-assistant --env production --all-buckets --server ${url}`;
  if (output.kind !== 'terminal') {
    return [
      '',
      `MCP token: one was made for the demo but is not printed (stdout is not a terminal). Make one you can see: ${create}`,
    ];
  }
  return [
    '',
    'MCP token for the demo production environment (shown once):',
    `  ${token}`,
    '',
    'Connect an MCP client:',
    clientSnippetsText(url, token)
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
    '',
    'Try it:',
    `  curl -s ${url}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${token}' \\`,
    `    -d '{"query":"{ environments { name } buckets { name } }"}'`,
  ];
}

/** What a new user needs to connect, printed once the server is up. */
export function connectionBanner(running: RunningServer, output: SecretOutput): string {
  const lines = [
    '',
    `trafficgraph is running on ${running.url} (${running.db.kind === 'pglite' ? `embedded database in ${running.db.location}` : running.db.location})`,
    `  Web console:        ${running.url}/console  (sign in with the admin token)`,
    `  GraphiQL explorer:  ${running.url}/graphql`,
    `  MCP endpoint:       ${running.url}/mcp`,
    `  REST API:           ${running.url}/api/v1/mcp-servers`,
  ];
  if (running.demoSeeded) {
    lines.push(
      `  Demo data:          ${running.demoSeeded.requests.toLocaleString('en-US')} requests over 7 days, seeded in ${running.demoSeeded.seconds.toFixed(1)}s`,
    );
  }
  if (running.createdAdminToken) lines.push(...adminTokenLines(running.createdAdminToken, output));
  if (running.demoMcpToken) {
    lines.push(...demoTokenLines(running.url, running.demoMcpToken, output));
  } else if (running.workspaceCreated) {
    lines.push(
      '',
      'The database was empty: created its one account (a self-hosted install is one tenant).',
      ...nextSteps(running.url),
    );
  } else if (!running.createdAdminToken) {
    lines.push(
      '',
      `Create an MCP token: npx trafficgraph token create --name my-assistant --env production --all-buckets --server ${running.url}`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
