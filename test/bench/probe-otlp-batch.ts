// Probe: `tsx test/bench/probe-otlp-batch.ts [batches] [pglite|postgres]` sends the bench's 512-request batches
// to /api/v1/ingest and /v1/traces in turn, batch by batch, and prints per path the median wall time of a
// batch and the median CPU time this process (client and server alike) spent on it. PROBE_ONLY=json or
// PROBE_ONLY=otlp sends one path only (e.g. to take a CPU profile of it with `node --import tsx --cpu-prof`).
import type { DatabaseKind } from '../../src/db/database.ts';
import { startTestApp } from '../helpers/app-server.ts';
import { createPostgresDatabase } from '../helpers/databases.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { benchRequests, jsonRecord, otlpExport } from './otlp-bench.ts';

const batches = Number(process.argv[2] ?? 40);
const kind = (process.argv[3] ?? 'postgres') as DatabaseKind;
const database = kind === 'postgres' ? await createPostgresDatabase() : null;
const app = await startTestApp({
  RATE_LIMIT_INGEST_RECORDS_PER_MINUTE: '0',
  ...(database ? { DATABASE_URL: database.url } : {}),
});
const account = await createAccount(app.db, 'otlp-probe', ['production'], ['checkout']);
const token = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] })).secret;

async function post(path: string, body: string | Uint8Array, contentType: string) {
  const response = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: body as BodyInit,
  });
  const text = await response.text();
  if (response.status !== 200 || text.includes('rejected":[{')) throw new Error(`${path}: ${text.slice(0, 300)}`);
}

const times = {
  json: { wall: [] as number[], cpu: [] as number[] },
  otlp: { wall: [] as number[], cpu: [] as number[] },
};
async function timed(path: 'json' | 'otlp', send: () => Promise<void>, keep: boolean) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await send();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (keep) {
    times[path].wall.push(wall);
    times[path].cpu.push((used.user + used.system) / 1000);
  }
}
for (let i = 0; i < batches + 4; i++) {
  const json = JSON.stringify(benchRequests(512, 1 + 2 * i).map(jsonRecord));
  const otlp = otlpExport(benchRequests(512, 2 + 2 * i));
  const runJson = () => timed('json', () => post('/api/v1/ingest', json, 'application/json'), i >= 4);
  const runOtlp = () => timed('otlp', () => post('/v1/traces', otlp, 'application/x-protobuf'), i >= 4);
  if (process.env.PROBE_ONLY === 'json') await runJson();
  else if (process.env.PROBE_ONLY === 'otlp') await runOtlp();
  else if (i % 2 === 0) {
    await runJson();
    await runOtlp();
  } else {
    await runOtlp();
    await runJson();
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const [path, t] of Object.entries(times).filter(([, t]) => t.wall.length > 0))
  console.log(
    `${kind} ${path}: wall ${median(t.wall).toFixed(2)} ms, process CPU ${median(t.cpu).toFixed(2)} ms per batch`,
  );
await app.dispose();
await database?.drop();
