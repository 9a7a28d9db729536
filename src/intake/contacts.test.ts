import { beforeAll, describe, expect, test } from 'vitest';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { makeContact, routingUnits } from '../cases/testing.ts';

/** An empty intake form saves nothing: the server names each missing field, as the form shows it. */
describe.each(databaseTargets())('required contact fields on $name', (target) => {
  const t = useTestApp(target);
  let worker: TestClient;
  beforeAll(async () => {
    await routingUnits(t.db);
    worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
  });

  const counts = async () => ({
    contacts: Number((await t.db.selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    persons: Number((await t.db.selectFrom('persons').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  });

  test('the form’s defaults with nothing filled in are refused with the field named, and nothing is written', async () => {
    const before = await counts();
    const empty = await worker.post('/api/intake/contacts', makeContact({ summary: '' }, { identityMode: 'identified' }));
    expect(empty.status).toBe(400);
    expect((empty.body.issues as Array<{ path: string }>).map((i) => i.path).sort()).toEqual(['person.name', 'summary']);
    const noPseudonym = await worker.post('/api/intake/contacts', makeContact({}, { identityMode: 'pseudonymous', pseudonym: null }));
    expect(noPseudonym.status).toBe(400);
    expect((noPseudonym.body.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(['person.pseudonym']);
    expect(await counts()).toEqual(before);
    expect((await worker.post('/api/intake/contacts', makeContact())).status).toBe(201);
    expect((await counts()).contacts).toBe(before.contacts + 1);
  });
});
