import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { compileOnlyDb, scopeShapes } from '../testing/compile-only.ts';
import { casePageQuery, compiledCasePage } from './store.ts';
import '../capabilities.ts';

const db = compileOnlyDb;

describe('the case page compiled once per scope shape', () => {
  test.each(scopeShapes())(
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
