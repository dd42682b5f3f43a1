import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeCondition, sameRouteTemplate } from '../../../src/domain/analytics/route-templates.ts';
import { SqlParams } from '../../../src/domain/analytics/sql-params.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.ts';

const STORED = [
  '/api/users/:id',
  '/api/users/{userId}',
  '/api/users/<int:id>',
  '/api/users/{id:int}',
  '/api/users/me',
  '/api/users/:id/orders',
  '/api/users',
  '/api/users.json/:id',
  '/api/users/:id/x',
  '/api/users/a/b',
  '/api/users/{a/b}',
];

describe('a route filter matches the same endpoint whatever its parameter syntax', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
  });
  afterAll(() => db.dispose());

  /** The stored routes the SQL condition keeps, run by the database itself. */
  async function matchedInSql(route: string): Promise<string[]> {
    const params = new SqlParams();
    const stored = params.add(STORED);
    const rows = await db.db.sql.query<{ route: string }>(
      `SELECT route FROM unnest(${stored}::text[]) AS route WHERE ${routeCondition(params, route, 'route')} ORDER BY 1`,
      params.values,
    );
    return rows.map((row) => row.route);
  }

  const PARAMETERISED = ['/api/users/:id', '/api/users/<int:id>', '/api/users/{id:int}', '/api/users/{userId}'];

  it.each(['/api/users/{id}', '/api/users/:id', '/api/users/<id>', '/api/users/<int:user_id>', '/api/users/{id...}'])(
    '%s matches every parameter syntax of /api/users/ID and nothing else',
    async (route) => {
      expect(await matchedInSql(route)).toEqual([...PARAMETERISED].sort());
      expect(STORED.filter((stored) => sameRouteTemplate(route, stored)).sort()).toEqual([...PARAMETERISED].sort());
    },
  );

  it('a route without parameters is compared exactly, as a literal segment is', async () => {
    expect(await matchedInSql('/api/users/me')).toEqual(['/api/users/me']);
    expect(await matchedInSql('/api/users')).toEqual(['/api/users']);
    expect(routeCondition(new SqlParams(), '/api/users/me')).toBe('"route" = $1');
  });

  it('regex characters in a literal segment are matched as themselves, and the value stays a parameter', async () => {
    expect(await matchedInSql('/api/users.json/{id}')).toEqual(['/api/users.json/:id']);
    expect(await matchedInSql('/api/users/{id}/orders')).toEqual(['/api/users/:id/orders']);
    const params = new SqlParams();
    routeCondition(params, "/api/x'y_z/{id}");
    expect(params.values).toEqual([
      ["/api/x'y_z/{id}", "/api/x'y_z/:id"],
      "/api/x'y\\_z/%",
      3,
      "^/api/x'y_z/(?::[^/]+|\\{[^/]+\\}|<[^/]+>)$",
    ]);
  });
});
