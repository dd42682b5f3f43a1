import type { RunningServer } from '../app.ts';
import { clientSnippetsText } from '../console/client-snippets.ts';

/** What a new user needs to connect, printed once the server is up. */
export function connectionBanner(running: RunningServer): string {
  const lines = [
    '',
    `trafficgraph is running on ${running.url} (${running.db.kind === 'pglite' ? `embedded database in ${running.db.location}` : running.db.location})`,
    `  Web console:        ${running.url}/console  (sign in with the admin token)`,
    `  GraphiQL explorer:  ${running.url}/graphql`,
    `  MCP endpoint:       ${running.url}/mcp`,
    `  REST API:           ${running.url}/api/v1/mcp-servers`,
  ];
  if (running.demoSeeded) {
    lines.push(`  Demo data:          ${running.demoSeeded.requests.toLocaleString('en-US')} requests over 7 days, seeded in ${running.demoSeeded.seconds.toFixed(1)}s`);
  }
  if (running.createdAdminToken) {
    lines.push('', 'Admin token (shown once; save it, e.g. export ADMIN_TOKEN=...):', `  ${running.createdAdminToken}`);
  }
  if (running.demoMcpToken) {
    lines.push(
      '',
      'MCP token for the demo production environment (shown once):',
      `  ${running.demoMcpToken}`,
      '',
      'Connect an MCP client:',
      clientSnippetsText(running.url, running.demoMcpToken)
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
      '',
      'Try it:',
      `  curl -s ${running.url}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${running.demoMcpToken}' \\`,
      `    -d '{"query":"{ environments { name } buckets { name } }"}'`,
    );
  } else if (!running.createdAdminToken) {
    lines.push('', 'Create an MCP token: npx trafficgraph token create --name my-assistant --env production --all-buckets');
  }
  lines.push('');
  return lines.join('\n');
}
