import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app-server.ts';
import { fakeSecrets } from '../helpers/fake-secrets.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';

const SERVICE = fileURLToPath(new URL('../helpers/instrumented-service.ts', import.meta.url));
const USER_AGENT = 'otel-acceptance/1.0';

interface SdkSpan {
  traceId: string;
  spanId: string;
  kind: number;
  name: string;
  durationMs: number;
}

/** The instrumented service as its own process, configured by environment variables only. */
function startService(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...rest } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', SERVICE], { env: { ...rest, ...env } });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the instrumented service did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the instrumented service exited with ${code}:\n${output}`)));
  });
}

// Once with the protobuf exporter and the older HTTP conventions (the instrumentation's default), once with
// the JSON exporter and the stable conventions.
describe.each([
  { exporter: 'protobuf', semconv: '' },
  { exporter: 'json', semconv: 'http' },
])('a service instrumented with the OpenTelemetry Node SDK ($exporter exporter)', ({ exporter, semconv }) => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let account: TestAccount;
  let service: { url: string; child: ChildProcess };
  let spans: SdkSpan[];
  const secret = fakeSecrets().find((s) => s.format === 'stripe-live-secret')!.secret;
  const bucket = `checkout-${exporter}`;

  const stored = () =>
    app.db.prisma.request.findMany({
      where: { bucketId: account.buckets[bucket]! },
      select: {
        externalId: true,
        method: true,
        route: true,
        status: true,
        durationMs: true,
        userAgent: true,
        clientIp: true,
        url: true,
        query: true,
        path: true,
      },
    });

  beforeAll(async () => {
    app = await startTestApp();
    account = await createAccount(app.db, `otel-${exporter}`, ['production', 'staging'], [bucket]);
    const writer = await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] });
    service = await startService({
      TEST_OTLP_EXPORTER: exporter,
      OTEL_SEMCONV_STABILITY_OPT_IN: semconv,
      OTEL_EXPORTER_OTLP_ENDPOINT: app.url,
      OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${writer.secret}`,
      OTEL_SERVICE_NAME: bucket,
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=production',
    });
    const call = (path: string, init: RequestInit = {}) =>
      fetch(`${service.url}${path}`, { ...init, headers: { 'user-agent': USER_AGENT } }).then((r) => r.text());
    await call('/orders/42');
    await call('/orders/7', { method: 'DELETE' });
    await call('/orders', { method: 'POST', body: '{"sku":"A1"}' });
    await call(`/search?q=shoes&api_key=${secret}`);
    await call('/slow');
    await call('/catalog/red-shoes');
    await call('/nowhere/123');
    spans = (await (await fetch(`${service.url}/__flush`, { method: 'POST' })).json()) as SdkSpan[];
  }, 120_000);
  afterAll(async () => {
    service?.child.kill('SIGTERM');
    await app?.dispose();
  });

  const serverSpans = () => spans.filter((s) => s.kind === 1);

  it('stores each HTTP server span as one request with its method, route, status, user agent and client address', async () => {
    const byId = new Map((await stored()).map((r) => [r.externalId, r]));
    const summary = serverSpans().map((s) => {
      const r = byId.get(`${s.traceId}-${s.spanId}`);
      return r && { method: r.method, route: r.route, status: r.status, userAgent: r.userAgent, clientIp: r.clientIp };
    });
    const common = { userAgent: USER_AGENT, clientIp: '127.0.0.1' };
    expect(summary).toEqual([
      { method: 'GET', route: '/orders/:id', status: 200, ...common },
      { method: 'DELETE', route: '/orders/:id', status: 404, ...common },
      { method: 'POST', route: '/orders', status: 201, ...common },
      { method: 'GET', route: '/search', status: 200, ...common },
      { method: 'GET', route: '/slow', status: 200, ...common },
      { method: 'GET', route: '/catalog/:slug', status: 200, ...common },
      // No http.route on this span: the normalizer's guess from the path.
      { method: 'GET', route: '/nowhere/:id', status: 500, ...common },
    ]);
  });

  it('keeps the duration the SDK measured, within 1 ms', async () => {
    const byId = new Map((await stored()).map((r) => [r.externalId, r]));
    for (const span of serverSpans())
      expect(Math.abs(byId.get(`${span.traceId}-${span.spanId}`)!.durationMs - span.durationMs)).toBeLessThan(1);
    expect(Math.max(...serverSpans().map((s) => s.durationMs))).toBeGreaterThan(100);
  });

  it('redacts a secret sent in the query string', async () => {
    const search = (await stored()).find((r) => r.route === '/search')!;
    expect(search.query).toContain('q=shoes');
    expect(`${search.url} ${search.query}`).not.toContain(secret);
  });

  it('skips spans that are not HTTP server spans', async () => {
    expect(spans.some((s) => s.kind === 0)).toBe(true);
    expect(await stored()).toHaveLength(serverSpans().length);
  });

  it('stores a re-sent export once', async () => {
    const resent = (await (await fetch(`${service.url}/__resend`, { method: 'POST' })).json()) as {
      code: number;
      error: string | null;
    };
    expect(resent).toEqual({ code: 0, error: null });
    expect(await stored()).toHaveLength(7);
  });
});
