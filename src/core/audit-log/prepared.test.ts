import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { compileOnlyDb, scopeShapes } from '../../testing/compile-only.ts';
import type { Executor } from '../db/database.ts';
import { inScope, type UnitScope } from '../access/scope.ts';
import { prepared } from './prepared.ts';

const db = compileOnlyDb;

const unitsQuery = (d: Executor, scope: UnitScope, id: string, name: string) =>
  d.selectFrom('units as u').select(['u.id', 'u.name']).where(inScope('u.id', scope)).where('u.id', '<>', id).where('u.name', '=', name).where('u.kind', '=', 'adult');

describe('a prepared query', () => {
  const read = prepared((d, slots: { id: string; name: string; units: readonly string[] }, fixed: { every: boolean }) =>
    unitsQuery(d, { permission: 'cases.read', units: fixed.every ? 'all' : slots.units }, slots.id, slots.name),
  );
  test.each(scopeShapes())(
    'is exactly what building the query gives (%s), call after call',
    (_label, scope) => {
      for (let i = 0; i < 3; i++) {
        const id = randomUUID();
        const name = `Enhet ${i}`;
        const expected = unitsQuery(db, scope, id, name).compile();
        const got = scope.units === 'all' ? read(db, { id, name, units: [] }, { every: true }) : read(db, { id, name, units: scope.units }, { every: false });
        expect(got.sql).toBe(expected.sql);
        expect(got.parameters).toEqual(expected.parameters);
      }
    },
  );

  test('a list of another length is a shape of its own, with its own values', () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    read(db, { id: a, name: 'x', units: [a, b] }, { every: false });
    const got = read(db, { id: c, name: 'y', units: [c] }, { every: false });
    expect(got.parameters).toEqual(unitsQuery(db, { permission: 'cases.read', units: [c] }, c, 'y').compile().parameters);
    expect(got.parameters).not.toContain(a);
  });

  test('refuses a builder that writes a slot into the SQL text', () => {
    const bad = prepared((d, { name }: { name: string }) => d.selectFrom('units').select('id').where('name', '=', sql.lit(name)).where('kind', '=', name));
    expect(() => bad(db, { name: 'Enhet' })).toThrow(/SQL text/);
  });

  test('refuses a builder that does not use a slot as a parameter (it may branch on it)', () => {
    const bad = prepared((d, { id }: { id: string }) => (id.startsWith('0') ? d.selectFrom('units').select('id') : d.selectFrom('units').select('id').where('id', '=', id)));
    expect(() => bad(db, { id: randomUUID() })).toThrow(/did not come back/);
  });
});
