import { randomUUID } from 'node:crypto';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { Database } from '../core/db/schema.ts';
import type { UnitScope } from '../core/access/scope.ts';

/** Compiles without a database: the SQL and parameters the application would send. */
export const compileOnlyDb = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Every shape a unit scope takes (all units, none, one, several), for tests of queries compiled once per shape. */
export function scopeShapes(): Array<readonly [string, UnitScope]> {
  const scopes: UnitScope[] = [
    { permission: 'cases.read', units: 'all' },
    { permission: 'cases.read', units: [] },
    { permission: 'cases.read', units: [randomUUID()] },
    { permission: 'cases.read', units: [randomUUID(), randomUUID(), randomUUID()] },
  ];
  return scopes.map((scope) => [Array.isArray(scope.units) ? `${scope.units.length} unit(s)` : 'every unit', scope] as const);
}
