import { beforeAll, describe, expect, test } from 'vitest';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { makeContact, routingUnits } from './testing.ts';

/** Case numbers people can tell apart, and assigning a case to a caseworker of its unit. */
describe.each(databaseTargets())('case numbers and assignment on $name', (target) => {
  const t = useTestApp(target);
  let worker: TestClient;
  let units: Awaited<ReturnType<typeof routingUnits>>;
  beforeAll(async () => {
    units = await routingUnits(t.db);
    worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
  });
  const register = async () => {
    const r = await worker.post('/api/intake/contacts', makeContact({ statedAge: 30, unitId: units.adult }));
    expect(r.status).toBe(201);
    return r.body.case.id as string;
  };

  test('each new case gets the year and a running number; concurrent registrations never share one', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, register));
    const rows = await t.db.selectFrom('cases').select(['id', 'number', 'opened_at']).where('id', 'in', ids).execute();
    const year = new Intl.DateTimeFormat('sv-SE', { year: 'numeric', timeZone: 'Europe/Stockholm' }).format(new Date());
    for (const r of rows) expect(r.number).toMatch(new RegExp(`^${year}-\\d{4}$`));
    const numbers = rows.map((r) => Number(r.number.split('-')[1])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(8);
    // No gaps among committed inserts: the eight are consecutive.
    expect(numbers[7]! - numbers[0]!).toBe(7);
    const one = await worker.get(`/api/cases/${ids[0]}`);
    expect(one.body.number).toBe(rows.find((r) => r.id === ids[0])!.number);
    const list = await worker.get('/api/cases?scope=unit');
    expect(list.body.find((c: { id: string }) => c.id === ids[0]).number).toBe(one.body.number);
    // The number finds its case.
    const found = await worker.post('/api/cases/search', { query: one.body.number });
    expect(found.body.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
  });

  test('a case is assigned and re-assigned to caseworkers of its unit and reaches their “Mina ärenden”', async () => {
    const colleagueUser = await t.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }], { displayName: 'Fiktiv Kollega' });
    const manager = await t.user([{ role: 'unit_manager', unit: 'Vuxenenheten (test)' }], { displayName: 'Fiktiv Chef' });
    const outsider = await t.user([{ role: 'caseworker', unit: 'KAST (test)' }]);
    const id = await register();
    // An opened case is the registrar's only when they work in its unit: here, unassigned first.
    await t.db.updateTable('cases').set({ assigned_to: null }).where('id', '=', id).execute();
    const assignees = (await worker.get(`/api/cases/${id}/assignees`)).body as Array<{ id: string; name: string }>;
    expect(assignees.map((a) => a.id)).toContain(colleagueUser.id);
    expect(assignees.map((a) => a.id)).not.toContain(manager.id);
    expect(assignees.map((a) => a.id)).not.toContain(outsider.id);

    let version = (await worker.get(`/api/cases/${id}`)).body.version as number;
    expect((await worker.patch(`/api/cases/${id}`, { version, assignedTo: outsider.id })).status).toBe(400);
    const assigned = await worker.patch(`/api/cases/${id}`, { version, assignedTo: colleagueUser.id });
    expect(assigned.status).toBe(200);
    version = assigned.body.version;
    const colleague = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    expect((await worker.get(`/api/cases/${id}`)).body.assignedName).toBe('Fiktiv Kollega');
    const mine = async (client: TestClient) => ((await client.get('/api/cases?scope=mine')).body as Array<{ id: string }>).map((c) => c.id);
    expect(await mine(worker)).not.toContain(id);
    // Re-assigned to the registrar: it moves to their list.
    const me = (await worker.get('/api/auth/me')).body.id as string;
    expect((await worker.patch(`/api/cases/${id}`, { version, assignedTo: me })).status).toBe(200);
    expect(await mine(worker)).toContain(id);
    expect(await mine(colleague)).not.toContain(id);
  });

  test('the 10 000th case of a year gets five digits, not the number of the 1 000th', async () => {
    const year = Number(new Intl.DateTimeFormat('sv-SE', { year: 'numeric', timeZone: 'Europe/Stockholm' }).format(new Date()));
    await t.db.insertInto('case_number_counters').values({ year, last: 9999 }).onConflict((oc) => oc.column('year').doUpdateSet({ last: 9999 })).execute();
    const id = await register();
    const row = await t.db.selectFrom('cases').select('number').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.number).toBe(`${year}-10000`);
    const found = await worker.post('/api/cases/search', { query: row.number });
    expect(found.body.map((c: { id: string }) => c.id)).toEqual([id]);
  });
});
