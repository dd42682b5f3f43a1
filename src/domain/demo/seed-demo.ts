import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { addHits, loadBatchRules } from '../ingest/ingest-batch.ts';
import type { BatchRules, BucketRuleHits } from '../ingest/prepare-batch.ts';
import type { RequestRecord } from '../ingest/request-record.ts';
import { storeRequests } from '../ingest/store-requests.ts';
import { storeSnapshot } from '../inventory/store-snapshot.ts';
import { fingerprintSalt } from '../inventory/fingerprint-salt.ts';
import { emptyWorkspaceAccount } from '../workspace/workspace-account.ts';
import { demoSnapshot } from './demo-snapshot.ts';
import { DEMO_ACCOUNT, DEMO_BUCKETS, DEMO_ENVIRONMENTS, DEMO_INCIDENT } from './fixture.ts';
import { generateDemoProbe, generateDemoRequest, withDemoSecrets, type DemoTrafficPlan } from './generate-traffic.ts';

export interface DemoOptions {
  seed: number;
  requests: number;
  days: number;
  until: Date;
}

export interface DemoAccount {
  accountId: string;
  environmentIds: Record<string, string>;
  bucketIds: Record<string, string>;
  created: boolean;
}

const HOUR_MS = 3_600_000;

/** Creates the demo account, its environments, buckets, events, rules and a snapshot, once. */
export async function ensureDemoAccount(db: Database, options: Pick<DemoOptions, 'until'>): Promise<DemoAccount> {
  const existing = await db.prisma.account.findUnique({
    where: { name: DEMO_ACCOUNT },
    include: { environments: true, buckets: true },
  });
  if (existing) {
    return {
      accountId: existing.id,
      environmentIds: Object.fromEntries(existing.environments.map((env) => [env.name, env.id])),
      bucketIds: Object.fromEntries(existing.buckets.map((bucket) => [bucket.name, bucket.id])),
      created: false,
    };
  }
  // A server started without demo data made an empty workspace account; the demo takes it over rather than
  // adding a second tenant, which would make every command ask which account it means.
  const emptyWorkspace = await emptyWorkspaceAccount(db);
  const demo = {
    name: DEMO_ACCOUNT,
    environments: { create: DEMO_ENVIRONMENTS.map(({ name, description }) => ({ name, description })) },
    buckets: { create: DEMO_BUCKETS.map(({ name, description }) => ({ name, description })) },
  };
  const account = await db.prisma.account.upsert({
    where: { id: emptyWorkspace?.id ?? '' },
    update: demo,
    create: demo,
    include: { environments: true, buckets: true },
  });
  const environmentIds = Object.fromEntries(account.environments.map((env) => [env.name, env.id]));
  const bucketIds = Object.fromEntries(account.buckets.map((bucket) => [bucket.name, bucket.id]));
  const until = options.until.getTime();
  const deployAt = new Date(until - DEMO_INCIDENT.deploymentHoursAgo * HOUR_MS);
  const event = (hoursAgo: number) => new Date(until - hoursAgo * HOUR_MS);
  await db.prisma.event.createMany({
    data: (
      [
        {
          type: 'deployment',
          title: 'Deploy payments-api v2.3.0',
          version: '2.3.0',
          source: 'github-actions',
          startedAt: event(110),
          bucketId: bucketIds['payments-api'],
        },
        {
          type: 'deployment',
          title: 'Deploy payments-api v2.3.1',
          version: '2.3.1',
          source: 'github-actions',
          startedAt: deployAt,
          bucketId: bucketIds['payments-api'],
          description: 'Connection pool settings changed',
        },
        {
          type: 'incident',
          title: 'Elevated 5xx and latency on payments',
          source: 'pagerduty',
          startedAt: new Date(deployAt.getTime() + 5 * 60_000),
          endedAt: new Date(deployAt.getTime() + DEMO_INCIDENT.durationMinutes * 60_000),
          bucketId: bucketIds['payments-api'],
        },
        {
          type: 'deployment',
          title: 'Roll back payments-api to v2.3.0',
          version: '2.3.0',
          source: 'github-actions',
          startedAt: new Date(deployAt.getTime() + DEMO_INCIDENT.durationMinutes * 60_000),
          bucketId: bucketIds['payments-api'],
        },
        {
          type: 'config_change',
          title: 'Raise search cache TTL to 10 minutes',
          source: 'terraform',
          startedAt: event(70),
          bucketId: bucketIds['search-api'],
        },
        {
          type: 'deployment',
          title: 'Deploy users-api v5.8.0',
          version: '5.8.0',
          source: 'argo-cd',
          startedAt: event(20),
          bucketId: bucketIds['users-api'],
        },
      ] satisfies Omit<Prisma.EventCreateManyInput, 'accountId' | 'environmentId' | 'createdBy'>[]
    ).map((data) => ({ ...data, accountId: account.id, environmentId: environmentIds.production!, createdBy: 'demo' })),
  });
  await db.prisma.redactionRule.createMany({
    data: DEMO_REDACTION_RULES.map((rule) => ({ ...rule, accountId: account.id })),
  });
  await db.prisma.exclusionRule.createMany({
    data: DEMO_EXCLUSION_RULES.map((rule) => ({ ...rule, accountId: account.id })),
  });
  await storeSnapshot(db, account.id, demoSnapshot(event(2)), await fingerprintSalt(db));
  return { accountId: account.id, environmentIds, bucketIds, created: true };
}

/**
 * The demo's rules, which people copy. The e-mail pattern is bounded as RFC 5321 bounds an address and
 * starts where a run of local-part characters starts: unbounded, it took 4.5 s on a 64 KB body of one letter.
 */
export const DEMO_REDACTION_RULES = [
  {
    name: 'Authorization header',
    target: 'header',
    selector: 'authorization',
    maskStyle: 'placeholder',
    placeholder: '[REDACTED]',
  },
  { name: 'Cookies', target: 'header', selector: 'cookie', maskStyle: 'placeholder', placeholder: '[REDACTED]' },
  {
    name: 'API key in query',
    target: 'query_param',
    selector: 'api_key',
    maskStyle: 'partial',
    placeholder: '[REDACTED]',
  },
  {
    name: 'Card numbers',
    target: 'body_field',
    selector: 'card.number',
    maskStyle: 'partial',
    placeholder: '[REDACTED]',
  },
  {
    name: 'Emails in bodies',
    target: 'body_pattern',
    selector: '(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,255}\\.[A-Za-z]{2,63}',
    maskStyle: 'hash',
    placeholder: '[REDACTED]',
  },
] as const satisfies Omit<Prisma.RedactionRuleCreateManyInput, 'accountId'>[];

export const DEMO_EXCLUSION_RULES = [
  { name: 'Kubernetes probes', userAgentContains: 'kube-probe' },
  { name: 'Health checks', method: 'GET', pathPattern: '/healthz', pathPatternKind: 'glob' },
  { name: 'Internal metrics', pathPattern: '^/internal/.*', pathPatternKind: 'regex' },
] as const satisfies Omit<Prisma.ExclusionRuleCreateManyInput, 'accountId'>[];

export interface TrafficSlice {
  offset: number;
  count: number;
}

/** Rule hits of demo traffic per environment id, as ingest counts them per batch (one environment each). */
export type EnvironmentRuleHits = Map<string, { exclusion: BucketRuleHits; redaction: BucketRuleHits }>;

export function countHit(
  hits: EnvironmentRuleHits,
  record: Pick<RequestRecord, 'environmentId' | 'bucketId'>,
  kind: 'exclusion' | 'redaction',
  counted: Map<string, number>,
) {
  if (counted.size === 0) return;
  let inEnvironment = hits.get(record.environmentId);
  if (inEnvironment === undefined)
    hits.set(record.environmentId, (inEnvironment = { exclusion: new Map(), redaction: new Map() }));
  let inBucket = inEnvironment[kind].get(record.bucketId);
  if (inBucket === undefined) inEnvironment[kind].set(record.bucketId, (inBucket = new Map()));
  for (const [ruleId, n] of counted) inBucket.set(ruleId, (inBucket.get(ruleId) ?? 0) + n);
}

/**
 * Demo request `index` through the account's rules, as ingest runs them: the probe beside it (if any) meets
 * the exclusion rules, the request meets them and then the redaction rules. Returns what is stored (the
 * masked request, or nothing) and the hits, which count only once the request is stored, so a rerun of the
 * same plan adds neither requests nor hits.
 */
export function throughRules(plan: DemoTrafficPlan, index: number, rules: BatchRules) {
  const stored = generateDemoRequest(plan, index);
  const sent = withDemoSecrets(plan, index, stored);
  const exclusion = new Map<string, number>();
  const redaction = new Map<string, number>();
  for (const record of [generateDemoProbe(plan, index, stored), sent]) {
    if (record === null) continue;
    const url = new URL(record.url);
    const ruleId = rules.excludedBy({
      bucketId: record.bucketId,
      method: record.method,
      host: url.host,
      path: url.pathname,
      userAgent: record.userAgent,
      status: record.status,
    });
    if (ruleId) exclusion.set(ruleId, (exclusion.get(ruleId) ?? 0) + 1);
    else if (record === sent) {
      const maskable = {
        ...sent,
        requestHeaders: { ...sent.requestHeaders },
        responseHeaders: { ...sent.responseHeaders },
        maskedHeaders: new Set<string>(),
      };
      rules.redact(maskable, redaction, { cutBody: (text) => text, deadline: Number.POSITIVE_INFINITY });
      const { url: maskedUrl, query, requestHeaders, responseHeaders, requestBody, responseBody } = maskable;
      return {
        record: { ...sent, url: maskedUrl, query, requestHeaders, responseHeaders, requestBody, responseBody },
        place: stored,
        exclusion,
        redaction,
      };
    }
  }
  return { record: null, place: stored, exclusion, redaction };
}

/** Generates and stores requests [offset, offset + count) of the plan through the demo rules; idempotent for the same plan. */
export async function seedDemoTraffic(
  db: Database,
  account: DemoAccount,
  options: DemoOptions,
  slice: TrafficSlice,
  batchSize = 5000,
) {
  const plan: DemoTrafficPlan = { ...options, ...account };
  const rules = await loadBatchRules(db, account.accountId);
  const end = Math.min(slice.offset + slice.count, options.requests);
  let inserted = 0;
  for (let start = slice.offset; start < end; start += batchSize) {
    const passed: ReturnType<typeof throughRules>[] = [];
    for (let index = start; index < Math.min(start + batchSize, end); index++)
      passed.push(throughRules(plan, index, rules));
    const stored = await db.sql.transaction(async (tx) => {
      const ids = new Set(
        await storeRequests(
          tx,
          passed.flatMap(({ record }) => (record ? [record] : [])),
        ),
      );
      const hits: EnvironmentRuleHits = new Map();
      for (const { record, place, exclusion, redaction } of passed) {
        // A probe is never stored: its hits count when the request beside it is new.
        if (record !== null && !ids.has(record.publicId)) continue;
        countHit(hits, place, 'exclusion', exclusion);
        countHit(hits, place, 'redaction', redaction);
      }
      for (const [environmentId, { exclusion, redaction }] of hits) {
        await addHits(tx, 'ExclusionRule', environmentId, exclusion);
        await addHits(tx, 'RedactionRule', environmentId, redaction);
      }
      return ids.size;
    });
    inserted += stored;
    await db.noteBulkWrite(stored);
  }
  return { inserted, generated: Math.max(0, end - slice.offset) };
}

/** Everything a first start needs: the account and all its traffic, reporting progress as it goes. */
export async function seedDemo(db: Database, options: DemoOptions, onProgress: (done: number, total: number) => void) {
  const account = await ensureDemoAccount(db, options);
  const chunk = 10_000;
  let inserted = 0;
  for (let offset = 0; offset < options.requests; offset += chunk) {
    inserted += (await seedDemoTraffic(db, account, options, { offset, count: chunk })).inserted;
    onProgress(Math.min(offset + chunk, options.requests), options.requests);
  }
  return { account, inserted };
}

/**
 * Where demo traffic ends: the last whole hour, so the story (deployment, incident) lines up with hourly
 * throughput buckets, and no request is stamped after now (rounding up put up to an hour of it in the future).
 */
export function demoUntil(now: Date = new Date()): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
}

export function randomDemoSeed(): number {
  return randomBytes(4).readUInt32LE() % 1_000_000;
}
