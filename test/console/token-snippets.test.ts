import { describe, expect, it } from 'vitest';
import { MCP_TOKEN_SCOPES } from '../../src/auth/scopes.ts';
import { MCP_TOOL_SCOPES, tokenSnippetSections } from '../../src/console/token-snippets.ts';
import { TOOL_SCOPES } from '../../src/mcp/tool-registry.ts';

const SECRET = `tgp_${'x'.repeat(32)}`;
const BASE = 'https://traffic.example.com';
const sections = (scopes: string[], bucket: string | null = null) =>
  tokenSnippetSections(BASE, SECRET, { scopes, environment: 'production', bucket });
const headings = (scopes: string[]) => sections(scopes).map((s) => s.heading);
const allText = (scopes: string[], bucket: string | null = null) =>
  sections(scopes, bucket)
    .flatMap((s) => s.snippets.map((snippet) => snippet.text))
    .join('\n');

describe('what a new token is shown with, by its scopes', () => {
  it('the scopes counted as opening MCP are exactly those some MCP tool needs', () => {
    expect([...MCP_TOOL_SCOPES].sort()).toEqual([...TOOL_SCOPES].sort());
  });

  it('a traffic:write token gets how to send traffic with it, and no MCP client config', () => {
    expect(headings(['traffic:write'])).toEqual(['Send traffic with it (README: "Capturing traffic")']);
    const text = allText(['traffic:write'], 'checkout');
    expect(text).not.toContain('/mcp');
    expect(text).toContain(`curl -s ${BASE}/api/v1/ingest -H "authorization: Bearer ${SECRET}"`);
    expect(text).toContain('"bucket":"checkout"');
    expect(text).toContain(`export OTEL_EXPORTER_OTLP_ENDPOINT=${BASE}\n`);
    expect(text).toContain(`export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer%20${SECRET}"`);
    expect(text).toContain('export OTEL_SERVICE_NAME=checkout');
    expect(text).toContain('deployment.environment.name=production');
  });

  it('an inventory:write token gets the served scanner line, and no MCP client config', () => {
    expect(headings(['inventory:write'])).toEqual(['Report MCP server configurations with it']);
    expect(allText(['inventory:write'])).toBe(
      `curl -fsS ${BASE}/api/v1/scanner.mjs | node - --server ${BASE} --token ${SECRET}`,
    );
  });

  it('the default MCP token gets the MCP client configs only', () => {
    expect(headings([...MCP_TOKEN_SCOPES])).toEqual(['Connect an MCP client']);
    expect(allText([...MCP_TOKEN_SCOPES])).toContain(`${BASE}/mcp`);
  });

  it('a token that reads and writes traffic gets both', () => {
    expect(headings(['traffic:read', 'traffic:write'])).toEqual([
      'Connect an MCP client',
      'Send traffic with it (README: "Capturing traffic")',
    ]);
  });

  it('an admin-scoped token opens MCP and is shown the MCP client configs', () => {
    expect(headings(['admin'])).toEqual(['Connect an MCP client']);
  });
});
