import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthProxy } from '../helpers/auth-proxy.ts';
import { startTestApp } from '../helpers/app-server.ts';
import { installConformanceSuite, runServerScenario, type ConformanceSuite } from '../helpers/conformance-suite.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';

/**
 * Every server scenario of @modelcontextprotocol/conformance that applies to this server's capabilities
 * (tools, prompts, completions; no resources, no logging). Those left out, and why:
 * - tools-call-* (simple-text, image, audio, embedded-resource, mixed-content, with-logging, error,
 *   with-progress, sampling, elicitation), json-schema-2020-12, elicitation-sep1034-defaults,
 *   elicitation-sep1330-enums: each calls a fixture tool of the suite's reference server (test_simple_text,
 *   json_schema_2020_12_tool...) that this server does not have.
 * - prompts-get-simple, prompts-get-with-args, prompts-get-embedded-resource, prompts-get-with-image, and
 *   completion-complete: each gets or completes a fixture prompt (test_simple_prompt,
 *   test_prompt_with_arguments...). This server answers an unknown prompt with -32602, as the spec says;
 *   test/mcp/prompts.test.ts covers prompts/get and completion/complete on the real prompts.
 * - The 2026-07-28 revision: the suite (0.1.16, the newest on npm on 2026-11-27) has no scenario for it yet;
 *   test/mcp/v2-client-on-2026-07-28.test.ts covers that revision with the SDK v2 client.
 * - resources-*: no resources capability is declared. logging-set-level: no logging capability is
 *   declared (the server sends no log messages); the method is answered -32601.
 */
const SCENARIOS = [
  'server-initialize',
  'ping',
  'tools-list',
  'prompts-list',
  'server-sse-multiple-streams',
  'dns-rebinding-protection',
];

describe('the official MCP conformance suite, server scenarios', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let proxy: Awaited<ReturnType<typeof startAuthProxy>>;
  let suite: ConformanceSuite;

  beforeAll(async () => {
    suite = await installConformanceSuite();
    app = await startTestApp();
    const account = await createAccount(app.db, 'conformance');
    // The suite sends no Authorization header; the proxy adds the token and passes Host and Origin through.
    proxy = await startAuthProxy(app.url, (await createToken(app.db, account, { environment: 'production' })).secret);
  }, 360_000);
  afterAll(async () => {
    await proxy?.close();
    await app?.dispose();
  });

  it.each(SCENARIOS)(
    '%s passes every check',
    async (scenario) => {
      const result = await runServerScenario(suite, `${proxy.url}/mcp`, scenario);
      expect(result.failed, result.output).toBe(0);
      expect(result.passed, result.output).toBe(result.checks);
      expect(result.checks, result.output).toBeGreaterThan(0);
    },
    90_000,
  );

  // Its checks are informational while the server answers POSTs with JSON (it may, and this one does): it
  // must still run to the end without a failure.
  it('server-sse-polling runs without a failed check', async () => {
    const result = await runServerScenario(suite, `${proxy.url}/mcp`, 'server-sse-polling');
    expect(result.failed, result.output).toBe(0);
  }, 90_000);
});
