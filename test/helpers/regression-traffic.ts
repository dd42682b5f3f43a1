import type { RequestRecord } from '../../src/domain/ingest/request-record.ts';
import type { TestAccount } from './fixtures.ts';

/** One endpoint of the generated API: its share of traffic, median latency and error rate. */
export interface EndpointProfile {
  method: string;
  route: string;
  share: number;
  medianMs: number;
  errorRate: number;
}

export const PROFILES: EndpointProfile[] = [
  { method: 'GET', route: '/api/orders/:id', share: 0.35, medianMs: 250, errorRate: 0.02 },
  { method: 'POST', route: '/api/payments', share: 0.3, medianMs: 120, errorRate: 0.1 },
  { method: 'GET', route: '/api/users', share: 0.12, medianMs: 50, errorRate: 0.03 },
  { method: 'GET', route: '/api/search', share: 0.12, medianMs: 90, errorRate: 0.02 },
  { method: 'GET', route: '/healthz', share: 0.06, medianMs: 5, errorRate: 0 },
  { method: 'POST', route: '/webhooks', share: 0.05, medianMs: 150, errorRate: 0.05 },
];

/** From `at` on, an endpoint's latency is multiplied and its error rate too (a bad deployment). */
export interface Regression {
  at: Date;
  latency: Record<string, number>;
  errors: Record<string, number>;
}

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Hourly traffic with a day/night cycle (peak at 14:00 UTC, a tenth of it at 02:00), log-normal latencies
 * (σ 0.5) and per-endpoint error rates, Poisson-like volumes; a regression, when given, changes the named
 * endpoints from its time on and nothing else.
 */
export function regressionTraffic(
  account: TestAccount,
  options: {
    environment: string;
    bucket: string;
    seed: number;
    from: Date;
    to: Date;
    peakPerHour: number;
    regression?: Regression;
  },
): RequestRecord[] {
  const next = random(options.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const records: RequestRecord[] = [];
  for (let hour = options.from.getTime(); hour < options.to.getTime(); hour += 3_600_000) {
    const hourOfDay = new Date(hour).getUTCHours();
    const level = options.peakPerHour * (0.55 + 0.45 * Math.cos((2 * Math.PI * (hourOfDay - 14)) / 24));
    for (const profile of PROFILES) {
      const expected = level * profile.share;
      const n = Math.max(0, Math.round(expected + Math.sqrt(expected) * gauss()));
      for (let i = 0; i < n; i++) {
        const timestamp = new Date(hour + Math.floor(next() * 3_600_000));
        const key = `${profile.method} ${profile.route}`;
        const regressed = options.regression && timestamp >= options.regression.at;
        const latency = regressed ? (options.regression!.latency[key] ?? 1) : 1;
        const errorRate = profile.errorRate * (regressed ? (options.regression!.errors[key] ?? 1) : 1);
        const status = next() < errorRate ? (next() < 0.5 ? 500 : 422) : 200;
        const path = profile.route.replace(':id', String(1000 + Math.floor(next() * 9000)));
        const id = `req_${options.seed}_${records.length}`;
        records.push({
          publicId: id,
          externalId: null,
          accountId: account.accountId,
          environmentId: account.environments[options.environment]!,
          bucketId: account.buckets[options.bucket]!,
          timestamp,
          method: profile.method,
          url: `https://api.example.test${path}`,
          host: 'api.example.test',
          path,
          route: profile.route,
          query: null,
          status,
          durationMs: Math.round(profile.medianMs * latency * Math.exp(0.5 * gauss()) * 10) / 10,
          requestHeaders: {},
          requestBody: null,
          requestBodyTruncated: false,
          requestSize: 0,
          responseHeaders: {},
          responseBody: null,
          responseBodyTruncated: false,
          responseSize: 0,
          clientIp: '203.0.113.7',
          userAgent: 'regression-test',
          blocked: false,
          blockedReason: null,
        });
      }
    }
  }
  return records.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
}
