import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

/** How the SDK v2 client picks the protocol era: the 2026-07-28 revision only, or probe and fall back. */
export type Negotiation = { pin: '2026-07-28' } | 'auto';

/** The real MCP SDK v2 client over Streamable HTTP to /mcp, with a bearer token. */
export async function connectV2(baseUrl: string, token: string, negotiation: Negotiation): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', baseUrl), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client(
    { name: 'trafficgraph-tests-v2', version: '1.0.0' },
    { versionNegotiation: { mode: negotiation } },
  );
  await client.connect(transport);
  return client;
}
