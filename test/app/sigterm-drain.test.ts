import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postGraphQL, startServerProcess } from '../helpers/server-process.ts';

const ADMIN_TOKEN = 'drain-test-admin-token-0123456789';
const BATCH = 400;
const SENDERS = 4;

const batch = (sender: number, n: number) =>
  Array.from({ length: BATCH }, (_, i) => ({
    id: `drain-${sender}-${n}-${i}`,
    bucket: 'payments-api',
    method: 'POST',
    url: `https://api.example.com/v1/charges/${sender}-${n}-${i}`,
    status: 201,
    duration_ms: 10 + (i % 50),
    timestamp: new Date().toISOString(),
    request_headers: { 'content-type': 'application/json', 'user-agent': 'drain-test' },
    request_body: JSON.stringify({ amount: i, note: 'x'.repeat(200) }),
  }));

interface SenderLog {
  acknowledged: number;
  /** Requests that were on the wire when SIGTERM was sent, and how they ended. */
  inFlightAtSignal: ('ok' | 'failed')[];
}

describe('SIGTERM during an ingest stream', () => {
  it('finishes in-flight batches, refuses new connections, exits 0, and loses nothing acknowledged', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tg-drain-'));
    const env = { DATA_DIR: dataDir, ADMIN_TOKEN, DEMO_DATA: 'false', LOG_LEVEL: 'info' };
    try {
      const server = await startServerProcess(env);
      await postGraphQL(
        server.url,
        ADMIN_TOKEN,
        'mutation { seedDemoData(input: { seed: 1, requests: 0, days: 1, until: "2026-01-01T00:00:00Z", offset: 0, count: 1 }) { accountCreated } }',
      );
      const token = (
        await postGraphQL<{ createAccessToken: { secret: string } }>(
          server.url,
          ADMIN_TOKEN,
          'mutation { createAccessToken(input: { name: "writer", environment: "production", allBuckets: true, scopes: [TRAFFIC_WRITE] }) { secret } }',
        )
      ).body.data!.createAccessToken.secret;

      let signalled = false;
      // SIGTERM goes out once the senders have had two batches each answered (counted together), so batches are
      // surely streaming; a sender that stops early releases it too, so a failure shows as a failure, not a hang.
      let markStreaming = () => {};
      const streaming = new Promise<void>((resolve) => {
        markStreaming = resolve;
      });
      let answered = 0;
      const send = async (sender: number): Promise<SenderLog> => {
        const log: SenderLog = { acknowledged: 0, inFlightAtSignal: [] };
        for (let n = 0; n < 500; n++) {
          const startedBeforeSignal = !signalled;
          let onSignal = false;
          const watcher = setInterval(() => {
            if (signalled && startedBeforeSignal) onSignal = true;
          }, 1);
          try {
            const response = await fetch(`${server.url}/api/v1/ingest`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify(batch(sender, n)),
            });
            const body = (await response.json()) as { accepted: number };
            if (response.status === 200) log.acknowledged += body.accepted;
            if (++answered >= SENDERS * 2) markStreaming();
            if (onSignal) log.inFlightAtSignal.push(response.status === 200 ? 'ok' : 'failed');
          } catch {
            if (onSignal) log.inFlightAtSignal.push('failed');
            return log;
          } finally {
            clearInterval(watcher);
          }
          if (signalled) return log;
        }
        return log;
      };
      const senders = Array.from({ length: SENDERS }, (_, i) => send(i).finally(markStreaming));
      await streaming;
      signalled = true;
      const exit = server.stop('SIGTERM');
      const logs = await Promise.all(senders);
      expect(await exit).toBe(0);
      expect(server.output()).toContain('draining');

      const acknowledged = logs.reduce((sum, log) => sum + log.acknowledged, 0);
      const inFlight = logs.flatMap((log) => log.inFlightAtSignal);
      expect(acknowledged).toBeGreaterThan(BATCH);
      // The batches on the wire at SIGTERM were finished and answered, not cut off.
      expect(inFlight.length).toBeGreaterThan(0);
      expect(inFlight.every((outcome) => outcome === 'ok')).toBe(true);

      const restarted = await startServerProcess(env);
      try {
        const count = await postGraphQL<{ metrics: { totalRequests: number } }>(
          restarted.url,
          ADMIN_TOKEN,
          '{ metrics(environment: "production", range: { since: "1h" }) { totalRequests } }',
        );
        expect(count.body.data!.metrics.totalRequests).toBe(acknowledged);
      } finally {
        await restarted.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
