/**
 * What to do with a token just created, by its scopes: the MCP client configs when some MCP tool accepts it,
 * how to send traffic when it may write traffic, the scanner line when it may report inventory. Shared by
 * `token create` (node) and the console's Tokens page (browser), so it imports only modules that run in both.
 */
import { type ClientSnippet, clientSnippets } from './client-snippets.ts';
import { scannerCommand } from './scanner-command.ts';

/**
 * The scopes some MCP tool needs. MCP's own list (TOOL_SCOPES) is derived from the tool registry, which cannot
 * run in the browser; a test holds this copy equal to it.
 */
export const MCP_TOOL_SCOPES: readonly string[] = [
  'traffic:read',
  'events:write',
  'events:read',
  'config:read',
  'inventory:read',
];

/** Where the token goes, in the words a person reads: a heading and its snippets. */
export interface TokenSnippetSection {
  heading: string;
  snippets: ClientSnippet[];
}

export interface CreatedToken {
  /** Scopes as `traffic:write` (what the CLI prints), not GraphQL's `TRAFFIC_WRITE`. */
  scopes: readonly string[];
  environment: string;
  /** A bucket the token may write (its first), or none when it holds all buckets. */
  bucket: string | null;
}

/** True when the token opens at least one MCP tool (`admin` implies every scope). */
export function opensMcp(scopes: readonly string[]): boolean {
  return scopes.some((scope) => scope === 'admin' || MCP_TOOL_SCOPES.includes(scope));
}

function sendingSnippets(baseUrl: string, secret: string, token: CreatedToken): ClientSnippet[] {
  const base = baseUrl.replace(/\/+$/, '');
  const bucket = token.bucket ?? 'my-api';
  const record = {
    bucket,
    method: 'GET',
    url: 'https://api.example.com/health',
    status: 200,
    duration_ms: 12,
    timestamp: new Date().toISOString(),
  };
  return [
    {
      client: 'Capture agent: JSON records',
      file: 'POST /api/v1/ingest (a JSON array, one object or NDJSON)',
      auth: 'token',
      text: `curl -s ${base}/api/v1/ingest -H "authorization: Bearer ${secret}" -H 'content-type: application/json' \\\n  -d '${JSON.stringify([record])}'`,
    },
    {
      client: 'OpenTelemetry: OTLP/HTTP',
      file: "the service's environment (its HTTP server spans go to /v1/traces)",
      auth: 'token',
      // Header values in OTEL_EXPORTER_OTLP_HEADERS are URL-encoded, hence %20 for the space after Bearer.
      text: [
        `export OTEL_SERVICE_NAME=${bucket}   # the bucket`,
        `export OTEL_RESOURCE_ATTRIBUTES=deployment.environment.name=${token.environment}`,
        'export OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf',
        `export OTEL_EXPORTER_OTLP_ENDPOINT=${base}`,
        `export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer%20${secret}"`,
      ].join('\n'),
    },
  ];
}

/** The sections to show for a token just created, in this order: MCP, sending traffic, reporting inventory. */
export function tokenSnippetSections(baseUrl: string, secret: string, token: CreatedToken): TokenSnippetSection[] {
  const sections: TokenSnippetSection[] = [];
  // Named scopes only: an admin-scoped token is for people and assistants, not a capture agent's first choice.
  const holds = (scope: string) => token.scopes.includes(scope);
  if (opensMcp(token.scopes))
    sections.push({ heading: 'Connect an MCP client', snippets: clientSnippets(baseUrl, secret) });
  if (holds('traffic:write'))
    sections.push({
      heading: 'Send traffic with it (README: "Capturing traffic")',
      snippets: sendingSnippets(baseUrl, secret, token),
    });
  if (holds('inventory:write'))
    sections.push({
      heading: 'Report MCP server configurations with it',
      snippets: [
        {
          client: 'Served scanner',
          file: 'any machine with Node 18 or later',
          auth: 'token',
          text: scannerCommand(baseUrl, secret),
        },
      ],
    });
  return sections;
}
