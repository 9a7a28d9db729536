import { beforeAll, describe, expect, test } from 'vitest';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { makeContact, routingUnits } from '../cases/testing.ts';
import { sql } from 'kysely';
import { LABELLED_TABLES } from './ui/moves.ts';
import { personsLocales } from './ui/locales.ts';

/** Issue 16: the same person met first under a pseudonym, then identified at the reception. */
describe.each(databaseTargets())('merging person records on $name', (target) => {
  const t = useTestApp(target);
  let worker: TestClient;
  let kastWorker: TestClient;
  let childWorker: TestClient;

  beforeAll(async () => {
    await routingUnits(t.db);
    worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    kastWorker = await t.signedIn([{ role: 'caseworker', unit: 'KAST (test)' }]);
    childWorker = await t.signedIn([{ role: 'caseworker', unit: 'Barn och unga (test)' }]);
  });

  async function register(person: Record<string, unknown>, extra: Record<string, unknown> = {}, by?: TestClient) {
    const res = await (by ?? worker).post('/api/intake/contacts', makeContact({ statedAge: 40, ...extra }, person));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { personId: string; contactId: string; case: { id: string } };
  }
  const version = async (id: string) => (await t.db.selectFrom('persons').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  test('preview, merge (cases follow, stricter protection wins, audited on both), then undo within the window', async () => {
    const pseudo = await register({ identityMode: 'pseudonymous', pseudonym: 'Fiktiva Frida', languages: ['ro'] });
    const known = await register({ identityMode: 'identified', name: 'Frida Fiktiv', personnummer: '19850715-9831', protection: 'sekretessmarkering', phone: '070-000 00 01' });

    const preview = await worker.get(`/api/persons/${known.personId}/merge-preview?other=${pseudo.personId}`);
    expect(preview.status).toBe(200);
    expect(preview.body.problem).toBeNull();
    expect(preview.body.moves).toEqual(expect.arrayContaining([{ table: 'cases', count: 1 }, { table: 'contacts', count: 1 }]));
    expect(preview.body.follows).toEqual(expect.arrayContaining([{ table: 'case_steps', count: expect.any(Number) }]));
    expect(preview.body.result).toMatchObject({ identityMode: 'identified', pseudonym: 'Fiktiva Frida', protection: 'sekretessmarkering', contactDetailsHidden: true, phone: null });
    expect(preview.body.result.languages).toEqual(expect.arrayContaining(['ro']));

    // Surviving the pseudonymous record: the protection of the identified one goes with it.
    const merged = await worker.post(`/api/persons/${pseudo.personId}/merge`, { other: known.personId, version: await version(pseudo.personId), otherVersion: await version(known.personId) });
    expect(merged.status).toBe(200);
    const survivor = await t.db.selectFrom('persons').select(['personnummer', 'protection', 'identity_mode', 'merged_into']).where('id', '=', pseudo.personId).executeTakeFirstOrThrow();
    expect(survivor).toEqual({ personnummer: '198507159831', protection: 'sekretessmarkering', identity_mode: 'identified', merged_into: null });
    const emptied = await t.db.selectFrom('persons').select(['personnummer', 'name', 'merged_into']).where('id', '=', known.personId).executeTakeFirstOrThrow();
    expect(emptied).toEqual({ personnummer: null, name: null, merged_into: pseudo.personId });
    const cases = await t.db.selectFrom('cases').select('person_id').where('id', 'in', [pseudo.case.id, known.case.id]).execute();
    expect(cases.map((c) => c.person_id)).toEqual([pseudo.personId, pseudo.personId]);
    const audit = await t.db.selectFrom('audit_log').select(['person_id', 'fields', 'details']).where('record_type', '=', 'person').where('action', '=', 'update').where('person_id', 'in', [pseudo.personId, known.personId]).execute();
    expect(audit).toHaveLength(2);
    expect(audit.find((a) => a.person_id === pseudo.personId)?.fields).toEqual(expect.arrayContaining(['merge', 'protection', 'personnummer']));
    // The merged record cannot be merged again, and two records that both have a personnummer of their own are two people.
    expect((await worker.get(`/api/persons/${pseudo.personId}/merge-preview?other=${known.personId}`)).status).toBe(404);
    const other = await register({ identityMode: 'identified', name: 'Annan Fiktiv', personnummer: '19850716-9830' });
    expect((await worker.post(`/api/persons/${other.personId}/merge`, { other: pseudo.personId, version: await version(other.personId), otherVersion: await version(pseudo.personId) })).body).toMatchObject({ error: 'mergeDifferentPersonnummer' });

    const list = await worker.get(`/api/persons/${pseudo.personId}/merges`);
    expect(list.body).toEqual([expect.objectContaining({ id: merged.body.mergeId, mergedId: known.personId, canUndo: true, undoneAt: null })]);
    const undone = await worker.post(`/api/persons/merges/${merged.body.mergeId}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body.rowsMovedBack).toBe(2);
    const back = await t.db.selectFrom('persons').select(['id', 'personnummer', 'protection', 'identity_mode', 'merged_into']).where('id', 'in', [pseudo.personId, known.personId]).orderBy('identity_mode').execute();
    expect(back).toEqual([
      { id: known.personId, personnummer: '198507159831', protection: 'sekretessmarkering', identity_mode: 'identified', merged_into: null },
      { id: pseudo.personId, personnummer: null, protection: 'none', identity_mode: 'pseudonymous', merged_into: null },
    ]);
    expect((await t.db.selectFrom('cases').select('person_id').where('id', '=', known.case.id).executeTakeFirstOrThrow()).person_id).toBe(known.personId);
    expect((await worker.post(`/api/persons/merges/${merged.body.mergeId}/undo`)).body).toMatchObject({ error: 'mergeAlreadyUndone' });
  });

  test('every table whose rows can move or follow in a merge has a label in both languages (no table names in the preview)', async () => {
    const { rows } = await sql<{ table: string }>`
      select distinct c.conrelid::regclass::text as "table" from pg_constraint c
       where c.contype = 'f' and c.confrelid in ('persons'::regclass, 'cases'::regclass)
         and c.conrelid not in ('persons'::regclass, 'person_merges'::regclass, 'person_merge_requests'::regclass, 'cases'::regclass)
      union select 'cases'`.execute(t.db);
    expect(rows.length).toBeGreaterThan(5);
    for (const { table } of rows) {
      expect(LABELLED_TABLES, table).toContain(table);
      for (const lang of ['sv', 'en'] as const) {
        const tables = (personsLocales[lang] as unknown as { tables: Record<string, string> }).tables;
        expect(tables[`${table}_one`], `${lang} ${table}`).toBeTruthy();
        expect(tables[`${table}_other`], `${lang} ${table}`).toBeTruthy();
      }
    }
  });

  test('self-harm added to a child’s record later needs the exploitation on their case (the intake check, on edits too)', async () => {
    const bare = await register({ identityMode: 'pseudonymous', pseudonym: 'Fiktiv Fjortonåring' }, { statedAge: 14 }, childWorker);
    const refused = await childWorker.request('PATCH', `/api/persons/${bare.personId}`, { version: await version(bare.personId), riskFactors: ['self_harm'] });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'selfHarmOnlyInAddition' });
    const named = await register({ identityMode: 'pseudonymous', pseudonym: 'Fiktiv Femtonåring' }, { statedAge: 15, exploitationTypes: ['grooming'] }, childWorker);
    const allowed = await childWorker.request('PATCH', `/api/persons/${named.personId}`, { version: await version(named.personId), riskFactors: ['self_harm'] });
    expect(allowed.status).toBe(200);
  });

  test('only records of the caller’s units; an undo after 30 days is refused; a stale version is refused', async () => {
    const a = await register({ identityMode: 'pseudonymous', pseudonym: 'Fiktiv Ett' });
    const b = await register({ identityMode: 'pseudonymous', pseudonym: 'Fiktiv Två' });
    expect((await kastWorker.get(`/api/persons/${a.personId}/merge-preview?other=${b.personId}`)).status).toBe(404);
    expect((await kastWorker.post(`/api/persons/${a.personId}/merge`, { other: b.personId, version: 1, otherVersion: 1 })).status).toBe(404);
    expect((await worker.post(`/api/persons/${a.personId}/merge`, { other: b.personId, version: (await version(a.personId)) - 1, otherVersion: await version(b.personId) })).status).toBe(409);
    const merged = await worker.post(`/api/persons/${a.personId}/merge`, { other: b.personId, version: await version(a.personId), otherVersion: await version(b.personId) });
    expect(merged.status).toBe(200);
    await t.db.updateTable('person_merges').set({ merged_at: new Date(Date.now() - 31 * 86_400_000) }).where('id', '=', merged.body.mergeId).execute();
    expect((await worker.post(`/api/persons/merges/${merged.body.mergeId}/undo`)).body).toMatchObject({ error: 'mergeUndoWindowPassed' });
    expect((await kastWorker.post(`/api/persons/merges/${merged.body.mergeId}/undo`)).status).toBe(404);
  });
});
