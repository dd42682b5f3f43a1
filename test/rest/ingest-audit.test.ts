import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN } from '../helpers/app-server.ts';
import { createAccount, createToken } from '../helpers/fixtures.ts';
import { ingestRecord } from '../helpers/ingest-record.ts';
import { postGraphQL } from '../helpers/server-process.ts';

interface Entry {
  operation: string;
  outcome: string;
  errorMessage: string | null;
}

const AUDIT_QUERY = `{ auditLog(first: 100) { nodes { operation outcome errorMessage } } }`;

const records = (count: number) => Array.from({ length: count }, (_, i) => ingestRecord(`audit-${count}-${i}`));

// A budget of 3 records a minute and at most 2 records a batch: 4 records are over the budget, refused by the
// route before any operation runs; 3 fit the budget and are refused by the ingestRequests mutation.
describe('a REST ingest batch refused for its size is audited as the one classifier names it', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let writer: string;
  const post = (count: number) =>
    fetch(`${app.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
      body: JSON.stringify(records(count)),
    });
  const auditedWith = async (messagePart: string): Promise<Entry> => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const result = await postGraphQL<{ auditLog: { nodes: Entry[] } }>(app.url, TEST_ADMIN_TOKEN, AUDIT_QUERY);
      expect(result.body.errors).toBeUndefined();
      const entry = result.body.data!.auditLog.nodes.find((e) => e.errorMessage?.includes(messagePart));
      if (entry) return entry;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no audit entry whose message holds "${messagePart}"`);
  };

  beforeAll(async () => {
    app = await startTestApp({ INGEST_MAX_RECORDS: '2', RATE_LIMIT_INGEST_RECORDS_PER_MINUTE: '3' });
    const account = await createAccount(app.db, 'audited-ingest', ['production'], ['orders']);
    writer = (await createToken(app.db, account, { environment: 'production', scopes: ['traffic:write'] })).secret;
  });
  afterAll(() => app.dispose());

  it('a batch over the ingest budget is answered 413 and audited as LIMIT_EXCEEDED', async () => {
    const answer = await post(4);
    expect(answer.status).toBe(413);
    expect(await auditedWith('RATE_LIMIT_INGEST_RECORDS_PER_MINUTE')).toMatchObject({
      operation: 'POST /api/v1/ingest',
      outcome: 'LIMIT_EXCEEDED',
    });
  });

  it('a batch over INGEST_MAX_RECORDS is answered 413 and audited as LIMIT_EXCEEDED', async () => {
    const answer = await post(3);
    expect(answer.status).toBe(413);
    expect(await auditedWith('at most 2 records')).toMatchObject({ outcome: 'LIMIT_EXCEEDED' });
  });
});
