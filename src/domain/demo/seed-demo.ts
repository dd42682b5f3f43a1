import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { storeRequests } from '../ingest/store-requests.ts';
import { storeSnapshot } from '../inventory/store-snapshot.ts';
import { fingerprintSalt } from '../inventory/fingerprint-salt.ts';
import { emptyWorkspaceAccount } from '../workspace/workspace-account.ts';
import { demoSnapshot } from './demo-snapshot.ts';
import { DEMO_ACCOUNT, DEMO_BUCKETS, DEMO_ENVIRONMENTS, DEMO_INCIDENT } from './fixture.ts';
import { generateDemoRequest, type DemoTrafficPlan } from './generate-traffic.ts';

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
    data: ([
      { type: 'deployment', title: 'Deploy payments-api v2.3.0', version: '2.3.0', source: 'github-actions', startedAt: event(110), bucketId: bucketIds['payments-api'] },
      { type: 'deployment', title: 'Deploy payments-api v2.3.1', version: '2.3.1', source: 'github-actions', startedAt: deployAt, bucketId: bucketIds['payments-api'], description: 'Connection pool settings changed' },
      { type: 'incident', title: 'Elevated 5xx and latency on payments', source: 'pagerduty', startedAt: new Date(deployAt.getTime() + 5 * 60_000), endedAt: new Date(deployAt.getTime() + DEMO_INCIDENT.durationMinutes * 60_000), bucketId: bucketIds['payments-api'] },
      { type: 'deployment', title: 'Roll back payments-api to v2.3.0', version: '2.3.0', source: 'github-actions', startedAt: new Date(deployAt.getTime() + DEMO_INCIDENT.durationMinutes * 60_000), bucketId: bucketIds['payments-api'] },
      { type: 'config_change', title: 'Raise search cache TTL to 10 minutes', source: 'terraform', startedAt: event(70), bucketId: bucketIds['search-api'] },
      { type: 'deployment', title: 'Deploy users-api v5.8.0', version: '5.8.0', source: 'argo-cd', startedAt: event(20), bucketId: bucketIds['users-api'] },
    ] satisfies Omit<Prisma.EventCreateManyInput, 'accountId' | 'environmentId' | 'createdBy'>[]).map((data) => ({ ...data, accountId: account.id, environmentId: environmentIds.production!, createdBy: 'demo' })),
  });
  await db.prisma.redactionRule.createMany({ data: DEMO_REDACTION_RULES.map((rule) => ({ ...rule, accountId: account.id })) });
  await db.prisma.exclusionRule.createMany({ data: DEMO_EXCLUSION_RULES.map((rule) => ({ ...rule, accountId: account.id })) });
  await storeSnapshot(db, account.id, demoSnapshot(event(2)), await fingerprintSalt(db));
  return { accountId: account.id, environmentIds, bucketIds, created: true };
}

/**
 * The demo's rules, which people copy. The e-mail pattern is bounded as RFC 5321 bounds an address and
 * starts where a run of local-part characters starts: unbounded, it took 4.5 s on a 64 KB body of one letter.
 */
export const DEMO_REDACTION_RULES = [
  { name: 'Authorization header', target: 'header', selector: 'authorization', maskStyle: 'placeholder', placeholder: '[REDACTED]' },
  { name: 'Cookies', target: 'header', selector: 'cookie', maskStyle: 'placeholder', placeholder: '[REDACTED]' },
  { name: 'API key in query', target: 'query_param', selector: 'api_key', maskStyle: 'partial', placeholder: '[REDACTED]' },
  { name: 'Card numbers', target: 'body_field', selector: 'card.number', maskStyle: 'partial', placeholder: '[REDACTED]' },
  { name: 'Emails in bodies', target: 'body_pattern', selector: '(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,255}\\.[A-Za-z]{2,63}', maskStyle: 'hash', placeholder: '[REDACTED]' },
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

/** Generates and stores requests [offset, offset + count) of the plan; idempotent for the same plan. */
export async function seedDemoTraffic(db: Database, account: DemoAccount, options: DemoOptions, slice: TrafficSlice, batchSize = 5000) {
  const plan: DemoTrafficPlan = { ...options, ...account };
  const end = Math.min(slice.offset + slice.count, options.requests);
  let inserted = 0;
  for (let start = slice.offset; start < end; start += batchSize) {
    const records = [];
    for (let index = start; index < Math.min(start + batchSize, end); index++) records.push(generateDemoRequest(plan, index));
    const stored = (await storeRequests(db.sql, records)).length;
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
