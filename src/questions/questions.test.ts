import { sql } from 'kysely';
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { daysAgo, makeContact, routingUnits } from '../cases/testing.ts';
import { up as migrate0122 } from './migrations/0122_old_answers_not_inflating.ts';
import { openDatabase } from '../core/db/database.ts';
import { todayInStockholm } from '../core/time/stockholm.ts';

describe.each(databaseTargets())('structured questions on $name', (target) => {
  const t = useTestApp(target);
  let worker: TestClient;
  let manager: TestClient;

  beforeAll(async () => {
    await routingUnits(t.db);
    worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    manager = await t.signedIn([{ role: 'unit_manager', unit: 'Vuxenenheten (test)' }]);
  });

  const month = () => todayInStockholm().slice(0, 7);
  async function asked(): Promise<number> {
    const cov = await manager.get(`/api/questions/coverage?from=${month()}-01&to=${daysAgo(0)}`);
    expect(cov.status).toBe(200);
    return cov.body.find((r: { unitName: string; month: string }) => r.unitName === 'Vuxenenheten (test)' && r.month === month())?.asked ?? 0;
  }

  test('coverage counts only answered or declined questions: an empty form changes nothing, a partly asked form does not count', async () => {
    const reg = await worker.post('/api/intake/contacts', makeContact());
    const caseId = reg.body.case.id as string;
    const before = await asked();
    const rows = async () => Number((await t.db.selectFrom('question_answers').select(sql<number>`count(*)`.as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow()).n);

    // The empty form: every question left "not asked".
    const empty = await worker.post(`/api/cases/${caseId}/answers`, { setKey: 'utvag-standard', setVersion: 2, answers: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('nothingAsked');
    expect(await rows()).toBe(0);
    expect(await asked()).toBe(before);

    // Some questions, but not the one about sex for compensation: stored, not counted.
    expect((await worker.post(`/api/cases/${caseId}/answers`, { setKey: 'utvag-standard', setVersion: 2, answers: { alcohol: 'weekly', drugs: 'no' } })).status).toBe(201);
    expect(await rows()).toBe(1);
    expect(await asked()).toBe(before);

    // Declined is an answer: the case now counts as asked.
    expect((await worker.post(`/api/cases/${caseId}/answers`, { setKey: 'utvag-standard', setVersion: 2, answers: { sex_for_compensation: 'declined' } })).status).toBe(201);
    expect(await asked()).toBe(before + 1);

    const page = await worker.get(`/api/cases/${caseId}`);
    expect(page.body.answers.map((a: { countsAsAsked: boolean; answers: object }) => [a.countsAsAsked, a.answers])).toEqual([
      [false, { alcohol: 'weekly', drugs: 'no' }],
      [true, { sex_for_compensation: 'declined' }],
    ]);
  });

  test('answers saved before 0121 (an untouched question stored as declined) stop counting unless every counted question was really answered (0122)', async () => {
    // The migration log is the owner's (the application role may not read it), as a migration runs.
    const owner = openDatabase(t.url, 1, { asAppRole: false });
    const userId = (await t.db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow()).id;
    const before = await asked();
    const old = async (answers: Record<string, string>) => {
      const caseId = (await worker.post('/api/intake/contacts', makeContact())).body.case.id as string;
      // As the form before 0121 saved it, a day before that migration ran.
      await sql`insert into question_answers (case_id, set_key, set_version, answers, asked_by, asked_at, counts_as_asked)
        values (${caseId}, 'utvag-standard', 1, ${JSON.stringify(answers)}::jsonb, ${userId},
                (select timestamp::timestamptz - interval '1 day' from kysely_migration where name = '0121_not_asked_and_follow_ups'), true)`.execute(owner.db);
      return caseId;
    };
    const v1 = (await worker.get('/api/questions/sets/utvag-standard/versions/1')).body as { questions: Array<{ id: string; type: string; options?: Array<{ value: string }>; counts?: boolean }> };
    const counted = v1.questions.some((q) => q.counts) ? v1.questions.filter((q) => q.counts) : v1.questions;
    const real = (q: (typeof counted)[number]) => (q.type === 'yes_no' ? 'no' : q.type === 'choice' ? q.options![0]!.value : 'Fiktivt svar');
    await old(Object.fromEntries(v1.questions.map((q) => [q.id, 'declined'])));
    await old(Object.fromEntries(counted.map((q, i) => [q.id, i === 0 ? 'declined' : real(q)])));
    await old(Object.fromEntries(counted.map((q) => [q.id, real(q)])));
    expect(await asked()).toBe(before + 3);
    try {
      await migrate0122(owner.db as never);
    } finally {
      await owner.close();
    }
    expect(await asked()).toBe(before + 1);
  });

  test('a yes needs what was done with the suggested next step, and both are kept on the case', async () => {
    const reg = await worker.post('/api/intake/contacts', makeContact());
    const caseId = reg.body.case.id as string;
    const answers = { sex_for_compensation: 'yes' };
    const missing = await worker.post(`/api/cases/${caseId}/answers`, { setKey: 'utvag-standard', setVersion: 2, answers });
    expect(missing.body.error).toBe('followUpMissing');
    const followUps = [{ questionId: 'sex_for_compensation', suggestion: 'support_talk', action: 'offered_accepted', note: 'Stödsamtal bokat.' }];
    expect((await worker.post(`/api/cases/${caseId}/answers`, { setKey: 'utvag-standard', setVersion: 2, answers, followUps })).status).toBe(201);
    expect((await worker.get(`/api/cases/${caseId}`)).body.answers[0].followUps).toEqual(followUps);
  });

  test('old answers keep the wording of their version; a published version is never changed', async () => {
    const v1 = await worker.get('/api/questions/sets/utvag-standard/versions/1');
    expect(v1.status).toBe(200);
    expect(v1.body.title.sv).toBe('Frågor till alla klienter');
    expect((await worker.get('/api/questions/sets/utvag-standard/versions/999')).status).toBe(400);
    await expect(sql`update question_sets set definition = '{}'::jsonb where key = 'utvag-standard' and version = 1`.execute(t.db)).rejects.toThrow(/never changed/);
    const sets = (await worker.get('/api/questions/sets')).body as Array<{ key: string; audience?: string }>;
    expect(sets.map((s) => s.audience).sort()).toEqual(['adults', 'buyers', 'children']);
  });
});
