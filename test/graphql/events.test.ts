import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createAccount, createToken, type TestAccount } from '../helpers/fixtures.ts';
import { createGraphQLHarness } from '../helpers/graphql-harness.ts';

const CREATE = 'mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }';
const UPDATE =
  'mutation($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { title description source startedAt endedAt bucket { name } } }';
const DELETE = 'mutation($id: ID!) { deleteEvent(id: $id) }';

describe('correcting events', () => {
  let test: TestDatabase;
  let harness: Awaited<ReturnType<typeof createGraphQLHarness>>;
  let account: TestAccount;
  let writer: string;

  const create = async (input: Record<string, unknown>) =>
    (
      await harness.execute<{ createEvent: { id: string } }>(CREATE, {
        input: {
          environment: 'production',
          type: 'deployment',
          title: 'Deploy',
          startedAt: '2026-09-30T15:00:00Z',
          ...input,
        },
      })
    ).data!.createEvent.id;

  beforeAll(async () => {
    test = await createTestDatabase('pglite');
    harness = await createGraphQLHarness(test.db);
    account = await createAccount(test.db, 'events', ['production', 'staging'], ['orders', 'billing']);
    writer = (await createToken(test.db, account, { environment: 'production', buckets: 'all' })).secret;
  });
  afterAll(() => test.dispose());

  it('updates the text and sets, then clears, the end time', async () => {
    const id = await create({ description: 'first try' });
    const updated = await harness.execute<{ updateEvent: Record<string, unknown> }>(
      UPDATE,
      {
        id,
        input: {
          title: 'Deploy v2',
          description: 'pool 40',
          source: 'argo',
          endedAt: '2026-09-30T15:10:00Z',
          bucket: 'orders',
        },
      },
      writer,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateEvent).toEqual({
      title: 'Deploy v2',
      description: 'pool 40',
      source: 'argo',
      startedAt: '2026-09-30T15:00:00.000Z',
      endedAt: '2026-09-30T15:10:00.000Z',
      bucket: { name: 'orders' },
    });
    const cleared = await harness.execute<{ updateEvent: { endedAt: string | null; description: string | null } }>(
      UPDATE,
      { id, input: { endedAt: '', description: '' } },
      writer,
    );
    expect(cleared.data!.updateEvent).toMatchObject({ endedAt: null, description: null });
  });

  it('refuses an end before the start', async () => {
    const id = await create({});
    const result = await harness.execute(UPDATE, { id, input: { endedAt: '2026-09-30T14:00:00Z' } }, writer);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.endedAt' });
  });

  it('deletes an event, and a second delete reads as not found', async () => {
    const id = await create({});
    expect((await harness.execute(DELETE, { id }, writer)).data).toEqual({ deleteEvent: true });
    expect((await harness.execute(DELETE, { id }, writer)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it("another environment's events, and for a bucket-limited token other buckets' and environment-wide ones, read as not found", async () => {
    const staging = await create({ environment: 'staging' });
    const wide = await create({});
    const billing = await create({ bucket: 'billing' });
    const ordersOnly = (await createToken(test.db, account, { environment: 'production', buckets: ['orders'] })).secret;
    expect((await harness.execute(DELETE, { id: staging }, writer)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(
      (await harness.execute(UPDATE, { id: wide, input: { title: 'x' } }, ordersOnly)).errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
    expect((await harness.execute(DELETE, { id: billing }, ordersOnly)).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect(await test.db.prisma.event.count({ where: { id: { in: [staging, wide, billing] } } })).toBe(3);
  });

  it('needs events:write', async () => {
    const id = await create({});
    const reader = (await createToken(test.db, account, { environment: 'production', scopes: ['events:read'] })).secret;
    expect((await harness.execute(DELETE, { id }, reader)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
