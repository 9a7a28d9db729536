import { randomUUID } from 'node:crypto';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, test } from 'vitest';
import type { Database } from '../core/db/schema.ts';
import type { UnitScope } from '../core/access/scope.ts';
import { casePageQuery, compiledCasePage } from './store.ts';
import '../capabilities.ts';

/** Compiles without a database: the SQL and parameters the application would send. */
const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('the case page compiled once per scope shape', () => {
  const scopes: UnitScope[] = [
    { permission: 'cases.read', units: 'all' },
    { permission: 'cases.read', units: [] },
    { permission: 'cases.read', units: [randomUUID()] },
    { permission: 'cases.read', units: [randomUUID(), randomUUID(), randomUUID()] },
  ];
  test.each(scopes.map((scope) => [Array.isArray(scope.units) ? `${scope.units.length} unit(s)` : 'every unit', scope] as const))(
    'is exactly what building the query gives (%s), request after request',
    (_label, scope) => {
      for (let i = 0; i < 3; i++) {
        const id = randomUUID();
        const expected = casePageQuery(db, scope, id).compile();
        const got = compiledCasePage(db, scope, id);
        expect(got.sql).toBe(expected.sql);
        expect(got.parameters).toEqual(expected.parameters);
        expect(got.parameters).toContain(id);
      }
    },
  );
  test('another unit of the same shape gets its own unit, never the first caller’s', () => {
    const [a, b] = [randomUUID(), randomUUID()];
    compiledCasePage(db, { permission: 'cases.read', units: [a] }, randomUUID());
    const got = compiledCasePage(db, { permission: 'cases.read', units: [b] }, randomUUID());
    expect(got.parameters).toContain(b);
    expect(got.parameters).not.toContain(a);
  });
});
