/**
 * A small HTTP service instrumented with the real OpenTelemetry Node SDK, configured the way the README
 * tells users to: OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS, OTEL_SERVICE_NAME and
 * OTEL_RESOURCE_ATTRIBUTES. TEST_OTLP_EXPORTER picks the protobuf (default) or the JSON exporter.
 * It runs as its own process so that trafficgraph's own server spans are not in the export.
 *
 * Control routes (not traced): POST /__flush flushes the batch processor and answers every span it
 * finished, as the SDK measured it; POST /__resend exports those spans again through a new exporter.
 */
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SpanKind, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { detectResources, envDetector } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';

const makeExporter = () => (process.env.TEST_OTLP_EXPORTER === 'json' ? new JsonExporter() : new ProtobufExporter());
const finished = new InMemorySpanExporter();
const provider = new NodeTracerProvider({
  resource: detectResources({ detectors: [envDetector] }),
  // 512 spans a batch, as the SDK's batch processor sends by default; nothing leaves before a flush.
  spanProcessors: [
    new BatchSpanProcessor(makeExporter(), { maxExportBatchSize: 512, scheduledDelayMillis: 600_000 }),
    new SimpleSpanProcessor(finished),
  ],
});
provider.register();
registerInstrumentations({
  tracerProvider: provider,
  instrumentations: [
    new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => (req.url ?? '').startsWith('/__') }),
  ],
});
// Required after the instrumentation is registered, so the module it patches is the one used here.
const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');
const tracer = trace.getTracer('instrumented-service');

/** What a framework does: name the route template on the active server span. */
const setRoute = (route: string) => trace.getActiveSpan()?.setAttribute('http.route', route);
const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://service');
  if (url.pathname === '/__flush') {
    await provider.forceFlush();
    const spans = finished.getFinishedSpans().map((s) => ({
      traceId: s.spanContext().traceId,
      spanId: s.spanContext().spanId,
      kind: s.kind,
      name: s.name,
      durationMs: s.duration[0] * 1000 + s.duration[1] / 1e6,
    }));
    return send(res, 200, spans);
  }
  if (url.pathname === '/__resend') {
    const result = await new Promise<{ code: number; error?: Error }>((resolve) =>
      makeExporter().export(finished.getFinishedSpans(), resolve),
    );
    return send(res, 200, { code: result.code, error: result.error?.message ?? null });
  }
  const order = /^\/orders\/([^/]+)$/.exec(url.pathname);
  if (order && req.method === 'GET') {
    setRoute('/orders/:id');
    // An internal span beside the server span: not a request, so trafficgraph skips it.
    tracer.startActiveSpan('load order', { kind: SpanKind.INTERNAL }, (span: Span) => span.end());
    return send(res, 200, { id: order[1] });
  }
  if (order && req.method === 'DELETE') {
    setRoute('/orders/:id');
    return send(res, 404, { error: 'no such order' });
  }
  if (url.pathname === '/orders' && req.method === 'POST') {
    setRoute('/orders');
    for await (const _chunk of req);
    return send(res, 201, { created: true });
  }
  if (url.pathname.startsWith('/catalog/')) {
    // A slug the path normalizer cannot guess is a parameter: only http.route says so.
    setRoute('/catalog/:slug');
    return send(res, 200, { slug: url.pathname.slice('/catalog/'.length) });
  }
  if (url.pathname === '/search') {
    setRoute('/search');
    return send(res, 200, { results: [] });
  }
  if (url.pathname === '/slow') {
    setRoute('/slow');
    await new Promise((resolve) => setTimeout(resolve, 120));
    return send(res, 200, { slow: true });
  }
  send(res, 500, { error: 'unexpected' });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch(() => send(res, 500, { error: 'failed' }));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void provider.shutdown().finally(() => process.exit(0));
});
