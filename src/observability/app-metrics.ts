import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type MetricsSurface = 'graphql' | 'mcp' | 'rest' | 'other';

/**
 * The Prometheus metrics of one server instance, in a registry of its own (tests run several servers
 * in one process; each must count only its own traffic).
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'trafficgraph_http_requests_total',
    help: 'HTTP requests by surface and status code',
    labelNames: ['surface', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'trafficgraph_http_request_duration_seconds',
    help: 'HTTP request duration by surface',
    labelNames: ['surface'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly toolCalls = new Counter({
    name: 'trafficgraph_mcp_tool_calls_total',
    help: 'MCP tool calls by tool and outcome',
    labelNames: ['tool', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly ingestRecords = new Counter({
    name: 'trafficgraph_ingest_records_total',
    help: 'Ingested records by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly mcpSessionsCreated = new Counter({
    name: 'trafficgraph_mcp_sessions_created_total',
    help: 'MCP sessions initialized (Streamable HTTP and legacy SSE)',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });
  readonly openStreams = new Gauge({
    name: 'trafficgraph_open_event_streams',
    help: 'Open SSE streams (MCP GET streams and legacy SSE sessions)',
    registers: [this.registry],
  });
  readonly auditEntriesDropped = new Counter({
    name: 'trafficgraph_audit_entries_dropped_total',
    help: 'Audit entries not stored, by reason (backlog, refused)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'trafficgraph_rate_limited_total',
    help: 'Requests refused with 429, by limit',
    labelNames: ['scope'] as const,
    registers: [this.registry],
  });
  readonly rateLimitFallbacks = new Counter({
    name: 'trafficgraph_rate_limit_redis_fallbacks_total',
    help: 'Rate-limit checks counted per instance because Redis failed or timed out (failing open)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'trafficgraph_' });
  }
}

export function surfaceOf(path: string): MetricsSurface {
  if (path === '/graphql' || path.startsWith('/graphql/')) return 'graphql';
  if (path === '/mcp' || path.startsWith('/mcp/')) return 'mcp';
  if (path.startsWith('/api/v1/')) return 'rest';
  return 'other';
}
