import { beforeAll, describe, expect, test } from 'vitest';
import { runRetention } from '../core/retention-framework/framework.ts';
import { retentionRules } from '../capabilities.ts';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { makeContact, routingUnits } from './testing.ts';

const YEAR = 365 * 86_400_000;

describe.each(databaseTargets())('the person’s file (personakt) in retention on $name', (target) => {
  const t = useTestApp(target);
  let worker: TestClient;
  beforeAll(async () => {
    await routingUnits(t.db);
    worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
  });

  async function closedCase(pseudonym: string, birthDate: string | null = null) {
    const reg = await worker.post('/api/intake/contacts', makeContact({ statedAge: null, unitId: null }, { identityMode: 'pseudonymous', pseudonym, birthDate: birthDate ?? '1990-03-06' }));
    if (reg.status !== 201 || !reg.body.case) throw new Error(JSON.stringify(reg.body));
    const page = await worker.get(`/api/cases/${reg.body.case.id}`);
    await worker.post(`/api/cases/${reg.body.case.id}/status`, { version: page.body.version, status: 'closed' });
    return { caseId: reg.body.case.id as string, personId: reg.body.personId as string };
  }
  const exists = async (id: string) => !!(await t.db.selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst());

  test('an old closed case stays while the person has a recent entry in another case; goes when the whole file is old', async () => {
    const old = await closedCase('Fiktiv Personakt');
    // Six years old by date; a second case of the same person with a recent entry.
    await t.db.updateTable('cases').set({ last_activity_at: new Date(Date.now() - 6 * YEAR) }).where('id', '=', old.caseId).execute();
    const contact = await t.db.selectFrom('contacts').selectAll().where('person_id', '=', old.personId).executeTakeFirstOrThrow();
    const second = await t.db.insertInto('contacts').values({ ...contact, id: undefined, registered_at: new Date() } as never).returning('id').executeTakeFirstOrThrow();
    const recent = await t.db
      .insertInto('cases')
      .values({ contact_id: second.id, person_id: old.personId, unit_id: (await t.db.selectFrom('cases').select('unit_id').where('id', '=', old.caseId).executeTakeFirstOrThrow()).unit_id, status: 'closed', person_role: 'exposed', age_group: 'adult', victim: true, assessment_due: null, assigned_to: null, opened_by: contact.registered_by, closed_at: new Date(), regional_basis: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await runRetention(t.db, retentionRules, 'command', { now: new Date() });
    expect(await exists(old.caseId)).toBe(true);
    await runRetention(t.db, retentionRules, 'command', { now: new Date(Date.now() + 6 * YEAR) });
    expect(await exists(old.caseId)).toBe(false);
    expect(await exists(recent.id)).toBe(false);
  });

  test('what the law keeps is excluded by rule: a person born on the 15th', async () => {
    // The retention run above, dated years ahead, ended the sessions too.
    worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const kept = await closedCase('Fiktiv Femtonde', '1990-03-15');
    await runRetention(t.db, retentionRules, 'command', { now: new Date(Date.now() + 6 * YEAR) });
    expect(await exists(kept.caseId)).toBe(true);
  });
});
