import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { auditedList, auditedRead } from './audit.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { databaseTargets, useTestDatabase } from '../../testing/databases.ts';

/** The one-statement audited read: the entry exists exactly when the record was read. */
describe.each(databaseTargets())('auditedRead on $name', (target) => {
  const database = useTestDatabase(target);
  let handle: DatabaseHandle;
  let unitId: string;
  const actor = { userId: null, role: 'caseworker', unitId: null };

  beforeAll(async () => {
    handle = openDatabase(database.url, 2);
    unitId = (await handle.db.insertInto('units').values({ name: 'Läsenheten (test)', kind: 'adult' }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await handle?.close();
  });

  const entriesFor = (id: string) => handle.db.selectFrom('audit_log').select(['action', 'record_type', 'record_id', 'fields', 'purpose', 'actor_role']).where('record_id', '=', id).execute();
  const read = (id: string, db = handle.db as Parameters<typeof auditedRead>[0]) =>
    auditedRead(db, actor, handle.db.selectFrom('units').select(['id', 'name']).where('id', '=', id).compile(), { action: 'read', recordType: 'unit', recordIdColumn: 'id', fields: ['name'], purpose: 'test' });

  test('returns the row and writes its entry', async () => {
    const row = await read(unitId);
    expect(row).toEqual({ id: unitId, name: 'Läsenheten (test)' });
    expect(await entriesFor(unitId)).toEqual([{ action: 'read', record_type: 'unit', record_id: unitId, fields: ['name'], purpose: 'test', actor_role: 'caseworker' }]);
  });

  test('nothing found, nothing read, no entry', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await read(missing)).toBeUndefined();
    expect(await entriesFor(missing)).toEqual([]);
  });

  test('inside a transaction that rolls back, the entry goes with it', async () => {
    // A unit of this test's own, so no other test's entries are counted.
    const id = (await handle.db.insertInto('units').values({ name: 'Återställd läsning (test)', kind: 'adult' }).returning('id').executeTakeFirstOrThrow()).id;
    const entriesIn = (db: Parameters<typeof auditedRead>[0]) => db.selectFrom('audit_log').select(['action', 'record_id']).where('record_id', '=', id).execute();
    let insideTransaction: unknown[] | undefined;
    let outsideMeanwhile: unknown[] | undefined;
    await expect(
      handle.db.transaction().execute(async (tx) => {
        expect(await read(id, tx)).toEqual({ id, name: 'Återställd läsning (test)' });
        // The entry WAS written: the transaction sees it; another connection does not (yet).
        insideTransaction = await entriesIn(tx);
        outsideMeanwhile = await entriesIn(handle.db);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(insideTransaction).toEqual([{ action: 'read', record_id: id }]);
    expect(outsideMeanwhile).toEqual([]);
    // …and the rollback took it away.
    expect(await entriesIn(handle.db)).toEqual([]);
  });

  test('an entry that cannot be written fails the read', async () => {
    const bad = { userId: 'not-a-uuid', role: 'caseworker', unitId: null };
    await expect(
      auditedRead(handle.db, bad, handle.db.selectFrom('units').select(['id']).where('id', '=', unitId).compile(), { action: 'read', recordType: 'unit', recordIdColumn: 'id', purpose: 'test' }),
    ).rejects.toThrow();
  });

  test('refuses a column name that is not a plain identifier', async () => {
    await expect(
      auditedRead(handle.db, actor, handle.db.selectFrom('units').select(['id']).compile(), { action: 'read', recordType: 'unit', recordIdColumn: 'id"; drop table units; --', purpose: 'test' }),
    ).rejects.toThrow(/not a column name/);
  });

  describe('auditedList', () => {
    // Three persons of this block's own, each in one row of a small list keyed by a unique label.
    const label = `Listad ${Math.random().toString(36).slice(2, 8)}`;
    let personIds: string[];
    beforeAll(async () => {
      const rows = await handle.db
        .insertInto('persons')
        .values(['c', 'a', 'b'].map((suffix) => ({ identity_mode: 'pseudonymous' as const, pseudonym: `${label} ${suffix}`, gender: 'not_stated' as const, languages: [], risk_factors: [] })))
        .returning(['id', 'pseudonym'])
        .execute();
      personIds = rows.map((r) => r.id);
    });
    const listQuery = (descending: boolean, pattern = `${label}%`) =>
      handle.db
        .selectFrom('persons')
        .select(['id as personId', 'pseudonym'])
        .where('pseudonym', 'like', pattern)
        .orderBy('pseudonym', descending ? 'desc' : 'asc')
        .compile();
    const list = (descending: boolean, pattern?: string, db = handle.db as Parameters<typeof auditedList>[0]) =>
      auditedList(db, actor, listQuery(descending, pattern), { action: 'search', recordType: 'person', personIdColumn: 'personId', fields: ['pseudonym'], purpose: 'test', details: { label } });
    const entriesNaming = (pattern: string) =>
      handle.db.selectFrom('audit_log').select(['action', 'record_type', 'person_ids', 'fields', 'purpose', 'details']).where(sql<boolean>`details->>'label' = ${label}`).where(sql<boolean>`details->>'pattern' is not distinct from ${pattern}`).execute();

    test('returns the rows in the list’s own order and one entry naming every person shown, with the count', async () => {
      const before = await handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where(sql<boolean>`details->>'label' = ${label}`).executeTakeFirstOrThrow();
      const down = await list(true);
      expect(down.map((r) => r.pseudonym)).toEqual([`${label} c`, `${label} b`, `${label} a`]);
      const up = await list(false);
      expect(up.map((r) => r.pseudonym)).toEqual([`${label} a`, `${label} b`, `${label} c`]);
      const entries = await handle.db.selectFrom('audit_log').select(['action', 'record_type', 'person_ids', 'fields', 'purpose', 'details']).where(sql<boolean>`details->>'label' = ${label}`).orderBy('id').execute();
      expect(entries.length - Number(before.n)).toBe(2);
      for (const e of entries.slice(-2)) {
        expect(e).toMatchObject({ action: 'search', record_type: 'person', fields: ['pseudonym'], purpose: 'test', details: { label, count: 3 } });
        expect([...(e.person_ids ?? [])].sort()).toEqual([...personIds].sort());
      }
    });

    test('an empty list is still logged: someone looked', async () => {
      const rows = await auditedList(handle.db, actor, listQuery(false, `${label} none%`), { action: 'search', recordType: 'person', personIdColumn: 'personId', purpose: 'test', details: { label, pattern: 'none' } });
      expect(rows).toEqual([]);
      expect(await entriesNaming('none')).toEqual([{ action: 'search', record_type: 'person', person_ids: [], fields: [], purpose: 'test', details: { label, pattern: 'none', count: 0 } }]);
    });

    test('an entry that cannot be written fails the list', async () => {
      const bad = { userId: 'not-a-uuid', role: 'caseworker', unitId: null };
      await expect(auditedList(handle.db, bad, listQuery(false), { action: 'list', recordType: 'person', personIdColumn: 'personId', purpose: 'test' })).rejects.toThrow();
    });

    test('refuses a column name that is not a plain identifier', async () => {
      await expect(auditedList(handle.db, actor, listQuery(false), { action: 'list', recordType: 'person', personIdColumn: 'x") from r; --', purpose: 'test' })).rejects.toThrow(/not a column name/);
    });
  });
});
