import { describe, expect, it } from 'vitest';
import { generateDemoRequest, type DemoTrafficPlan } from '../../../src/domain/demo/generate-traffic.ts';
import { DEMO_INCIDENT } from '../../../src/domain/demo/fixture.ts';
import { demoUntil } from '../../../src/domain/demo/seed-demo.ts';

const plan = (seed: number): DemoTrafficPlan => ({
  seed,
  requests: 20_000,
  days: 7,
  until: new Date('2026-11-01T00:00:00Z'),
  accountId: 'acc',
  environmentIds: { production: 'env-p', staging: 'env-s', development: 'env-d' },
  bucketIds: { 'payments-api': 'b-pay', 'users-api': 'b-users', 'search-api': 'b-search', webhooks: 'b-hooks' },
});

const all = (p: DemoTrafficPlan) => Array.from({ length: p.requests }, (_, i) => generateDemoRequest(p, i));

describe('demo traffic', () => {
  it('is the same for the same seed and different for another', () => {
    const a = all(plan(7));
    expect(all(plan(7))).toEqual(a);
    const b = all(plan(8));
    expect(b.filter((r, i) => r.publicId === a[i]!.publicId)).toHaveLength(0);
  });

  it('stays inside the range and covers every day', () => {
    const records = all(plan(1));
    const start = plan(1).until.getTime() - 7 * 86_400_000;
    expect(records.every((r) => r.timestamp.getTime() >= start && r.timestamp < plan(1).until)).toBe(true);
    expect(new Set(records.map((r) => r.timestamp.toISOString().slice(0, 10))).size).toBe(7);
  });

  it('has a latency tail, client and server errors, and blocked requests', () => {
    const records = all(plan(2));
    const durations = records.map((r) => r.durationMs).sort((x, y) => x - y);
    const p50 = durations[Math.floor(durations.length * 0.5)]!;
    const p99 = durations[Math.floor(durations.length * 0.99)]!;
    expect(p99 / p50).toBeGreaterThan(5);
    expect(records.filter((r) => r.status >= 400 && r.status < 500).length / records.length).toBeGreaterThan(0.03);
    expect(records.filter((r) => r.status >= 500).length).toBeGreaterThan(50);
    expect(records.filter((r) => r.blocked).length).toBeGreaterThan(10);
  });

  it('puts a latency spike and an error burst in production payments after the v2.3.1 deployment', () => {
    const p = plan(3);
    const records = all(p).filter((r) => r.environmentId === 'env-p' && r.bucketId === 'b-pay');
    const start = p.until.getTime() - DEMO_INCIDENT.deploymentHoursAgo * 3_600_000;
    const end = start + DEMO_INCIDENT.durationMinutes * 60_000;
    const inside = records.filter((r) => r.timestamp.getTime() >= start && r.timestamp.getTime() < end);
    const outside = records.filter((r) => r.timestamp.getTime() < start || r.timestamp.getTime() >= end);
    const errorRate = (rs: typeof records) => rs.filter((r) => r.status >= 500).length / rs.length;
    const median = (rs: typeof records) =>
      rs.map((r) => r.durationMs).sort((x, y) => x - y)[Math.floor(rs.length / 2)]!;
    expect(inside.length).toBeGreaterThan(10);
    expect(errorRate(inside)).toBeGreaterThan(errorRate(outside) * 5);
    expect(median(inside)).toBeGreaterThan(median(outside) * 2);
  });
});

describe('where demo traffic ends by default', () => {
  it('is the last whole hour, so no demo request is stamped after now', () => {
    const now = new Date('2026-11-27T13:41:07.250Z');
    const until = demoUntil(now);
    expect(until.toISOString()).toBe('2026-11-27T13:00:00.000Z');
    const records = all({ ...plan(5), until });
    expect(records.every((r) => r.timestamp <= now)).toBe(true);
  });
});
