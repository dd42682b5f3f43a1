/** The demo account: what a small company's traffic setup looks like. */
export const DEMO_ACCOUNT = 'demo';

export const DEMO_ENVIRONMENTS = [
  { name: 'production', description: 'Live customer traffic', share: 0.7 },
  { name: 'staging', description: 'Pre-release checks', share: 0.2 },
  { name: 'development', description: 'Developer machines and CI', share: 0.1 },
] as const;

export interface DemoEndpoint {
  method: string;
  /** `{id}` is filled with a random id per request. */
  path: string;
  weight: number;
  /** Median latency in ms and the log-normal spread. */
  medianMs: number;
  sigma: number;
  errorRate4xx: number;
  errorRate5xx: number;
  requestBody?: () => string;
}

export interface DemoBucket {
  name: string;
  description: string;
  host: string;
  share: number;
  endpoints: DemoEndpoint[];
}

export const DEMO_BUCKETS: DemoBucket[] = [
  {
    name: 'payments-api',
    description: 'Charges, refunds and payouts',
    host: 'payments.demo.trafficgraph.dev',
    share: 0.35,
    endpoints: [
      {
        method: 'POST',
        path: '/v1/charges',
        weight: 30,
        medianMs: 180,
        sigma: 0.55,
        errorRate4xx: 0.06,
        errorRate5xx: 0.01,
      },
      {
        method: 'GET',
        path: '/v1/charges/{id}',
        weight: 25,
        medianMs: 35,
        sigma: 0.4,
        errorRate4xx: 0.04,
        errorRate5xx: 0.002,
      },
      {
        method: 'POST',
        path: '/v1/refunds',
        weight: 8,
        medianMs: 220,
        sigma: 0.6,
        errorRate4xx: 0.08,
        errorRate5xx: 0.01,
      },
      {
        method: 'GET',
        path: '/v1/payouts',
        weight: 10,
        medianMs: 90,
        sigma: 0.5,
        errorRate4xx: 0.02,
        errorRate5xx: 0.004,
      },
      {
        method: 'POST',
        path: '/v1/webhooks/stripe',
        weight: 12,
        medianMs: 60,
        sigma: 0.45,
        errorRate4xx: 0.03,
        errorRate5xx: 0.005,
      },
    ],
  },
  {
    name: 'users-api',
    description: 'Accounts, sessions and profiles',
    host: 'api.demo.trafficgraph.dev',
    share: 0.4,
    endpoints: [
      {
        method: 'GET',
        path: '/api/users/{id}',
        weight: 35,
        medianMs: 25,
        sigma: 0.35,
        errorRate4xx: 0.05,
        errorRate5xx: 0.002,
      },
      {
        method: 'POST',
        path: '/api/users',
        weight: 6,
        medianMs: 140,
        sigma: 0.5,
        errorRate4xx: 0.12,
        errorRate5xx: 0.01,
      },
      {
        method: 'PATCH',
        path: '/api/users/{id}',
        weight: 6,
        medianMs: 80,
        sigma: 0.45,
        errorRate4xx: 0.07,
        errorRate5xx: 0.005,
      },
      {
        method: 'DELETE',
        path: '/api/users/{id}',
        weight: 1,
        medianMs: 70,
        sigma: 0.4,
        errorRate4xx: 0.1,
        errorRate5xx: 0.005,
      },
      {
        method: 'POST',
        path: '/api/sessions',
        weight: 20,
        medianMs: 110,
        sigma: 0.5,
        errorRate4xx: 0.15,
        errorRate5xx: 0.004,
      },
      { method: 'GET', path: '/api/health', weight: 12, medianMs: 3, sigma: 0.3, errorRate4xx: 0, errorRate5xx: 0.001 },
    ],
  },
  {
    name: 'search-api',
    description: 'Catalogue search',
    host: 'search.demo.trafficgraph.dev',
    share: 0.2,
    endpoints: [
      {
        method: 'GET',
        path: '/search',
        weight: 70,
        medianMs: 120,
        sigma: 0.7,
        errorRate4xx: 0.03,
        errorRate5xx: 0.008,
      },
      {
        method: 'GET',
        path: '/suggest',
        weight: 30,
        medianMs: 40,
        sigma: 0.5,
        errorRate4xx: 0.01,
        errorRate5xx: 0.003,
      },
    ],
  },
  {
    name: 'webhooks',
    description: 'Outbound webhook deliveries',
    host: 'hooks.demo.trafficgraph.dev',
    share: 0.05,
    endpoints: [
      {
        method: 'POST',
        path: '/deliver/{id}',
        weight: 1,
        medianMs: 300,
        sigma: 0.8,
        errorRate4xx: 0.05,
        errorRate5xx: 0.03,
      },
    ],
  },
];

export const USER_AGENTS: readonly (readonly [string, number])[] = [
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    30,
  ],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36', 30],
  ['demo-mobile/4.12.0 (iOS 17.5)', 15],
  ['python-requests/2.32.3', 8],
  ['curl/8.7.1', 5],
  ['Go-http-client/2.0', 6],
  ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 3],
  ['Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)', 3],
];

/** The story the demo tells: the v2.3.1 deployment slows payments and makes them fail for 45 minutes. */
export const DEMO_INCIDENT = {
  /** Hours before the end of the range. */
  deploymentHoursAgo: 38,
  durationMinutes: 45,
  latencyFactor: 4,
  extra5xxRate: 0.25,
  bucket: 'payments-api',
  environment: 'production',
};
