import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { makeContact, routingUnits } from '../cases/testing.ts';
import { decode, encode } from '../core/http/idempotency.ts';

describe('the kept result keeps its shape', () => {
  test('dates stay dates, nested values and nulls stay as they were', () => {
    const value = { a: new Date('2026-10-14T08:00:00Z'), b: [1, { c: null, d: 'x' }], e: undefined };
    expect(decode(JSON.parse(JSON.stringify(encode(value))))).toEqual({ a: new Date('2026-10-14T08:00:00Z'), b: [1, { c: null, d: 'x' }] });
  });
});

describe.each(databaseTargets())('Idempotency-Key on create routes on $name', (target) => {
  const t = useTestApp(target);
  let worker: TestClient;
  let other: TestClient;

  beforeAll(async () => {
    await routingUnits(t.db);
    worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    other = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
  });
  const count = async (table: 'contacts' | 'journal_entries' | 'idempotency_keys') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  test('the same key twice registers one contact and answers the first result again', async () => {
    const key = randomUUID();
    const before = await count('contacts');
    const first = await worker.request('POST', '/api/intake/contacts', makeContact(), { 'idempotency-key': key });
    const again = await worker.request('POST', '/api/intake/contacts', makeContact({ summary: 'Annan text' }), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await count('contacts')).toBe(before + 1);
  });

  test('two journal saves with one key at the same moment (a double click) make one entry', async () => {
    const reg = await worker.post('/api/intake/contacts', makeContact());
    const caseId = reg.body.case.id as string;
    const key = randomUUID();
    const before = await count('journal_entries');
    const body = { text: 'Fiktiv anteckning.' };
    const [a, b] = await Promise.all([
      worker.request('POST', `/api/cases/${caseId}/journal`, body, { 'idempotency-key': key }),
      worker.request('POST', `/api/cases/${caseId}/journal`, body, { 'idempotency-key': key }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    expect(await count('journal_entries')).toBe(before + 1);
  });

  test('a key is its user’s and its route’s: another user or another URL with the same key creates anew', async () => {
    const key = randomUUID();
    const before = await count('contacts');
    await worker.request('POST', '/api/intake/contacts', makeContact(), { 'idempotency-key': key });
    const theirs = await other.request('POST', '/api/intake/contacts', makeContact(), { 'idempotency-key': key });
    expect(theirs.status).toBe(201);
    expect(await count('contacts')).toBe(before + 2);
  });

  test('a key older than 24 hours is free again; without a key every request creates', async () => {
    const key = randomUUID();
    const before = await count('contacts');
    await worker.request('POST', '/api/intake/contacts', makeContact(), { 'idempotency-key': key });
    await t.db.updateTable('idempotency_keys').set({ created_at: new Date(Date.now() - 25 * 3600_000) }).where('key', '=', key).execute();
    await worker.request('POST', '/api/intake/contacts', makeContact(), { 'idempotency-key': key });
    await worker.post('/api/intake/contacts', makeContact());
    await worker.post('/api/intake/contacts', makeContact());
    expect(await count('contacts')).toBe(before + 4);
  });

  test('a request that creates nothing keeps no result, and a malformed key is refused before anything happens', async () => {
    const keys = await count('idempotency_keys');
    const search = await worker.request('POST', '/api/cases/search', { query: 'Anonym' }, { 'idempotency-key': randomUUID() });
    expect(search.status).toBeLessThan(500);
    expect(await count('idempotency_keys')).toBe(keys);
    const before = await count('contacts');
    const bad = await worker.request('POST', '/api/intake/contacts', makeContact(), { 'idempotency-key': 'x' });
    expect(bad.status).toBe(400);
    expect(await count('contacts')).toBe(before);
  });
});
