import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditedRead } from './audit.ts';
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
});
