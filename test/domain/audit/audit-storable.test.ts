import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, type AuditDropReason, type AuditRecord } from '../../../src/domain/audit/audit-log.ts';
import { createLogger } from '../../../src/logger.ts';
import { connectStreamable, startTestApp, TEST_ADMIN_TOKEN } from '../../helpers/app-server.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../helpers/databases.ts';
import { fakeSecrets } from '../../helpers/fake-secrets.ts';
import { createAccount, createToken } from '../../helpers/fixtures.ts';
import { postGraphQL } from '../../helpers/server-process.ts';

describe('an audit entry with U+0000 in an argument', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp();
    const account = await createAccount(app.db, 'nul');
    token = (await createToken(app.db, account, { environment: 'production', name: 'nul-agent' })).secret;
  });
  afterAll(() => app.dispose());

  const operations = async () => {
    const result = await postGraphQL<{ auditLog: { nodes: { operation: string; arguments: string | null }[] } }>(
      app.url,
      TEST_ADMIN_TOKEN,
      '{ auditLog(principalName: "nul-agent", first: 100) { nodes { operation arguments } } }',
    );
    return result.body.data?.auditLog.nodes ?? [];
  };

  it('is stored, and every later entry is stored too', async () => {
    const { client } = await connectStreamable(app.url, token);
    await client.callTool({ name: 'search_requests', arguments: { query: 'x\u0000' } });
    await client.callTool({ name: 'list_buckets', arguments: {} });
    await client.callTool({ name: 'list_environments', arguments: {} });
    await client.close();
    let entries: Awaited<ReturnType<typeof operations>> = [];
    for (let i = 0; i < 50 && entries.length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      entries = await operations();
    }
    expect(entries.map((e) => e.operation).sort()).toEqual([
      'tool list_buckets',
      'tool list_environments',
      'tool search_requests',
    ]);
    expect(entries.find((e) => e.operation === 'tool search_requests')?.arguments).toContain('x\uFFFD');
  });

  it('records the inline literal arguments of a mutation, sanitized, instead of {}', async () => {
    const key = fakeSecrets().find((s) => s.format === 'stripe-live-secret')!.value;
    const sent = await postGraphQL(
      app.url,
      TEST_ADMIN_TOKEN,
      `mutation { createEvent(input: { environment: "production", type: incident, title: "Inline outage", description: "key ${key}" }) { id } }`,
    );
    expect(sent.body.errors).toBeUndefined();
    let text: string | null | undefined;
    for (let i = 0; i < 50 && !text; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const result = await postGraphQL<{ auditLog: { nodes: { arguments: string | null }[] } }>(
        app.url,
        TEST_ADMIN_TOKEN,
        '{ auditLog(operation: "createEvent") { nodes { arguments } } }',
      );
      text = result.body.data?.auditLog.nodes[0]?.arguments;
    }
    expect(JSON.parse(text!)).toMatchObject({
      input: { environment: 'production', type: 'incident', title: 'Inline outage' },
    });
    expect(text).not.toContain(key);
  });
});

describe.each(DATABASE_KINDS)('an audit batch with an entry the database refuses on %s', (kind) => {
  let test: TestDatabase;
  const dropped: [number, AuditDropReason][] = [];
  let audit: AuditLog;

  const record = (operation: string): AuditRecord => ({
    surface: 'mcp',
    operation,
    principal: { kind: 'admin', name: 'admin' },
    requestId: operation,
    durationMs: 1,
    outcome: 'ok',
  });
  const stored = async () =>
    (await test.db.prisma.auditEntry.findMany({ orderBy: { operation: 'asc' } })).map((e) => e.operation);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    // A refusal no storable-text rule can foresee: the database itself rejects one entry.
    await test.db.sql.query(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.operation = 'poison' THEN RAISE EXCEPTION 'refused' USING ERRCODE = '22023'; END IF; RETURN NEW; END $$`);
    await test.db.sql.query(
      `CREATE TRIGGER refuse_poison BEFORE INSERT ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
    );
    audit = new AuditLog(test.db, createLogger('silent'), (count, reason) => dropped.push([count, reason]));
  });
  afterAll(async () => {
    await audit.close();
    await test.dispose();
  });

  it('stores the rest of the batch, drops that entry once and counts it', async () => {
    for (const operation of ['before', 'poison', 'after']) audit.record(record(operation));
    await audit.flush();
    expect(await stored()).toEqual(['after', 'before']);
    expect(dropped).toEqual([[1, 'refused']]);
    audit.record(record('later'));
    await audit.flush();
    expect(await stored()).toEqual(['after', 'before', 'later']);
    expect(dropped).toEqual([[1, 'refused']]);
  });
});
