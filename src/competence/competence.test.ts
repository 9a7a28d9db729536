import { beforeAll, describe, expect, test } from 'vitest';
import { swedishDate } from '../core/time/stockholm.ts';
import { unitId, type TestUser } from '../testing/app.ts';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { addMonths } from './rules.ts';
import { trainingCoverage } from './store.ts';
import { makeTraining, trainingBody } from './testing.ts';

const today = () => swedishDate(new Date());

describe.each(databaseTargets())('competence on $name', (target) => {
  const t = useTestApp(target);
  let admin: TestClient;
  let managerA: TestClient;
  let unitA: string;
  let unitB: string;
  beforeAll(async () => {
    unitA = await unitId(t.db, 'Kompetens A', 'adult');
    unitB = await unitId(t.db, 'Kompetens B', 'adult');
    admin = await t.signedIn([{ role: 'administrator' }]);
    managerA = await t.signedIn([{ role: 'unit_manager', unit: 'Kompetens A' }]);
  });
  const staffOf = async (unit: string, role: 'caseworker' | 'outreach_worker' = 'caseworker') => {
    const user = await t.user([{ role, unit }]);
    return { user, client: await t.client().signIn(user) };
  };

  test('the catalogue: administrators and managers add, others may only read; bad entries are refused with a reason', async () => {
    const { client: worker } = await staffOf('Kompetens A');
    expect((await worker.post('/api/competence/trainings', trainingBody())).status).toBe(403);
    const body = trainingBody();
    const created = await admin.post('/api/competence/trainings', body);
    expect(created.status).toBe(201);
    expect((await managerA.post('/api/competence/trainings', trainingBody())).status).toBe(201);
    expect((await admin.post('/api/competence/trainings', body)).body.error).toBe('trainingTitleTaken');
    const bad = await admin.post('/api/competence/trainings', trainingBody({ requiredForRoles: ['coordinator'] }));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('En roll som utbildningen är obligatorisk för måste också vara en målgrupp.');
    expect((await admin.post('/api/competence/trainings', trainingBody({ format: 'webinar' as 'web' }))).status).toBe(400);
    expect((await admin.put(`/api/competence/trainings/${created.body.id}`, { ...body, active: false })).status).toBe(204);
    const list = (await worker.get('/api/competence/trainings')).body as Array<{ id: string; active: boolean }>;
    expect(list.find((x) => x.id === created.body.id)?.active).toBe(false);
    // Every write is in the audit log.
    const audited = await t.db.selectFrom('audit_log').select(['action']).where('record_type', '=', 'training').where('record_id', '=', created.body.id).orderBy('id').execute();
    expect(audited.map((a) => a.action)).toEqual(['create', 'update']);
  });

  test('my plan: what my role requires, the notice before questioning, and a completion I record myself', async () => {
    const training = await makeTraining(t.db);
    const { user, client } = await staffOf('Kompetens A');
    const before = (await client.get('/api/competence/me')).body;
    expect(before.items.find((i: { trainingId: string }) => i.trainingId === training.id)).toMatchObject({ required: true, status: 'missing', beforeQuestioning: true });
    expect(before.missingBeforeQuestioning).toContainEqual({ trainingId: training.id, title: training.title });

    expect((await client.post('/api/competence/me/completions', { trainingId: training.id, completedOn: addMonths(today(), 1) })).body.error).toBe('completionInFuture');
    expect((await client.post('/api/competence/me/completions', { trainingId: training.id, completedOn: '2026-02-30' })).body.error).toBe('invalidDate');
    const done = await client.post('/api/competence/me/completions', { trainingId: training.id, completedOn: addMonths(today(), -1) });
    expect(done.status).toBe(201);
    const after = (await client.get('/api/competence/me')).body;
    expect(after.items.find((i: { trainingId: string }) => i.trainingId === training.id)).toMatchObject({ status: 'done', completedOn: addMonths(today(), -1), expiresOn: addMonths(addMonths(today(), -1), 36) });
    expect(after.missingBeforeQuestioning).not.toContainEqual({ trainingId: training.id, title: training.title });
    const audit = await t.db.selectFrom('audit_log').select(['actor_user_id', 'details']).where('record_type', '=', 'training_completion').where('record_id', '=', done.body.id).executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_user_id: user.id, details: { staffUserId: user.id, source: 'self' } });
  });

  test('a manager records for the staff of their units only; the staff list shows who lacks what', async () => {
    const training = await makeTraining(t.db);
    const { user: own } = await staffOf('Kompetens A');
    const { user: other } = await staffOf('Kompetens B');
    const lacking = (await managerA.get('/api/competence/staff')).body as Array<{ userId: string; missing: Array<{ trainingId: string }> }>;
    expect(lacking.find((s) => s.userId === own.id)?.missing.map((m) => m.trainingId)).toContain(training.id);
    expect(lacking.some((s) => s.userId === other.id)).toBe(false);

    expect((await managerA.post('/api/competence/completions', { userId: other.id, trainingId: training.id, completedOn: today() })).status).toBe(404);
    expect(await t.db.selectFrom('training_completions').select('id').where('user_id', '=', other.id).execute()).toEqual([]);
    expect((await managerA.post('/api/competence/completions', { userId: own.id, trainingId: training.id, completedOn: today() })).status).toBe(201);
    const now = (await managerA.get('/api/competence/staff')).body as Array<{ userId: string; missing: Array<{ trainingId: string }> }>;
    expect(now.find((s) => s.userId === own.id)?.missing.map((m) => m.trainingId) ?? []).not.toContain(training.id);
    // Staff may not use the managers' routes.
    const { client: worker } = await staffOf('Kompetens A');
    expect((await worker.get('/api/competence/staff')).status).toBe(403);
    expect((await worker.post('/api/competence/completions', { userId: own.id, trainingId: training.id, completedOn: today() })).status).toBe(403);
  });

  test('CSV import: every bad row reported with its line, nothing imported; then the corrected file imports', async () => {
    const training = await makeTraining(t.db);
    const a1 = await t.user([{ role: 'caseworker', unit: 'Kompetens A' }]);
    const a2 = await t.user([{ role: 'caseworker', unit: 'Kompetens A' }]);
    const b1 = await t.user([{ role: 'caseworker', unit: 'Kompetens B' }]);
    const csv = [
      'username,training,completed_on',
      `${a1.username},${training.title},${addMonths(today(), -2)}`,
      `${b1.username},${training.title},${addMonths(today(), -2)}`,
      `${a2.username},Okänd kurs,${addMonths(today(), -2)}`,
      `${a2.username},${training.title},2026-13-01`,
      `"${a2.username}","${training.title}"`,
    ].join('\n');
    const bad = await managerA.post('/api/competence/import', { csv });
    expect(bad.status).toBe(422);
    expect(bad.body.imported).toBe(0);
    // Column count differs on the last line: the file is unreadable as a whole.
    expect(bad.body.errors).toEqual([{ row: 6, field: '', code: 'unreadableCsv', message: 'Filen går inte att läsa som CSV.' }]);

    const rows = await managerA.post('/api/competence/import', { csv: csv.split('\n').slice(0, 5).join('\n') });
    expect(rows.status).toBe(422);
    expect(rows.body.message).toBe('Filen har fel på 3 rader. Inget importerades.');
    expect(rows.body.errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code])).toEqual([
      [3, 'username', 'unknownStaff'],
      [4, 'training', 'unknownTraining'],
      [5, 'completed_on', 'invalidDate'],
    ]);
    expect(await t.db.selectFrom('training_completions').select('id').where('training_id', '=', training.id).execute()).toEqual([]);

    expect((await managerA.post('/api/competence/import', { csv: 'namn;kurs\nx;y' })).body.errors[0].code).toBe('missingColumns');

    const good = await managerA.post('/api/competence/import', { csv: [csv.split('\n')[0], csv.split('\n')[1], `${a2.username},${training.title.toUpperCase()},${today()}`].join('\r\n') });
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ imported: 2, errors: [] });
    const audited = await t.db.selectFrom('audit_log').select(['fields', 'details']).where('record_type', '=', 'training_completion').where('action', '=', 'create').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audited).toMatchObject({ fields: ['import'], details: { rows: 2, created: 2 } });
  });

  test('coverage at a date: taken by then and not yet due for renewal; only the roles it is required for count', async () => {
    const unit = `Kompetens täckning ${Date.now()}`;
    const id = await unitId(t.db, unit, 'adult');
    const training = await makeTraining(t.db, { renewalMonths: 12 });
    const [w1, w2, w3] = [await t.user([{ role: 'caseworker', unit }]), await t.user([{ role: 'caseworker', unit }]), await t.user([{ role: 'caseworker', unit }])];
    await t.user([{ role: 'outreach_worker', unit }]); // not required for outreach workers: not counted
    await t.db
      .insertInto('training_completions')
      .values([
        { user_id: w1.id, training_id: training.id, completed_on: '2025-03-01', source: 'import', seminar_id: null, recorded_by: null },
        { user_id: w2.id, training_id: training.id, completed_on: '2025-09-01', source: 'import', seminar_id: null, recorded_by: null },
      ])
      .execute();
    await t.db.updateTable('users').set({ created_at: new Date('2025-01-01T12:00:00Z') }).where('id', 'in', [w1.id, w2.id, w3.id]).execute();
    // Their grants in the unit began then too (0701's periods, kept by triggers on user_roles).
    await t.db.updateTable('competence_role_periods').set({ valid_from: new Date('2025-01-01T12:00:00Z') }).where('user_id', 'in', [w1.id, w2.id, w3.id]).execute();
    const at = async (on: string) => (await trainingCoverage(t.db, { unitIds: [id], on })).find((r) => r.trainingId === training.id);
    expect(await at('2025-02-28')).toMatchObject({ staff: 3, trained: 0, share: 0 });
    expect(await at('2025-03-01')).toMatchObject({ staff: 3, trained: 1 });
    expect(await at('2025-10-01')).toMatchObject({ staff: 3, trained: 2, share: 2 / 3 });
    expect(await at('2026-03-01')).toMatchObject({ staff: 3, trained: 1 }); // w1's expired on its anniversary
    expect(await at('2024-12-31')).toBeUndefined(); // nobody was employed yet

    // The staff of a past day are those in the unit then, not today's: w3 leaves the unit and a
    // new caseworker joins today; 2025 still counts w3 and not the newcomer, today the reverse.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(new Date());
    await t.db.deleteFrom('user_roles').where('user_id', '=', w3.id).where('unit_id', '=', id).execute();
    const w4 = await t.user([{ role: 'caseworker', unit }]);
    await t.db.updateTable('users').set({ created_at: new Date('2025-01-01T12:00:00Z') }).where('id', '=', w4.id).execute();
    expect(await at('2025-10-01')).toMatchObject({ staff: 3, trained: 2 });
    expect(await at(today)).toMatchObject({ staff: 3 }); // w1, w2 and w4
    const yesterday = await t.db.selectFrom('competence_role_periods').select(['user_id', 'valid_to']).where('user_id', 'in', [w3.id, w4.id]).orderBy('valid_from').execute();
    expect(yesterday.find((p) => p.user_id === w3.id)!.valid_to).not.toBeNull();
    expect(yesterday.find((p) => p.user_id === w4.id)!.valid_to).toBeNull();
    // Deactivating an account ends its grants from that moment.
    await t.db.updateTable('users').set({ active: false }).where('id', '=', w4.id).execute();
    expect(await at(today)).toMatchObject({ staff: 2 });

    // Through the route: today and month by month, for the manager's units only.
    const manager = await t.signedIn([{ role: 'unit_manager', unit }]);
    const r = await manager.get('/api/competence/coverage?from=2025-01-01&to=2025-12-31');
    expect(r.status).toBe(200);
    expect(r.body.current.every((c: { unitId: string }) => c.unitId === id)).toBe(true);
    expect(r.body.overTime.filter((c: { trainingId: string }) => c.trainingId === training.id).map((c: { on: string; trained: number }) => [c.on, c.trained])).toEqual([
      ['2025-01-31', 0], ['2025-02-28', 0], ['2025-03-31', 1], ['2025-04-30', 1], ['2025-05-31', 1], ['2025-06-30', 1], ['2025-07-31', 1], ['2025-08-31', 1], ['2025-09-30', 2], ['2025-10-31', 2], ['2025-11-30', 2], ['2025-12-31', 2],
    ]);
    expect((await managerA.get('/api/competence/coverage?from=2025-01-01&to=2025-12-31')).body.current.some((c: { unitId: string }) => c.unitId === id)).toBe(false);
    expect((await manager.get('/api/competence/coverage?from=2025-12-31&to=2025-01-01')).body.error).toBe('invalidPeriod');
    expect((await manager.get('/api/competence/coverage?from=2020-01-01&to=2025-01-01')).body.error).toBe('coveragePeriodTooLong');
    expect((await manager.get('/api/competence/coverage?from=2025-02-31&to=2025-03-01')).status).toBe(400);
  });

  test('seminars: planned with invited units; attendance of invited staff becomes completions on the day', async () => {
    const training = await makeTraining(t.db, { format: 'seminar', requiredForRoles: [], beforeQuestioning: false });
    const web = await makeTraining(t.db, { format: 'web' });
    const { user: a } = await staffOf('Kompetens A');
    const { user: b } = await staffOf('Kompetens B');
    const heldOn = addMonths(today(), -1);
    expect((await admin.post('/api/competence/seminars', { trainingId: web.id, heldOn, place: 'Fiktiva salen', unitIds: [unitA] })).body.error).toBe('seminarNeedsFormat');
    const planned = await managerA.post('/api/competence/seminars', { trainingId: training.id, heldOn, startsAt: '13:00', place: 'Fiktiva salen', unitIds: [unitA] });
    expect(planned.status).toBe(201);
    const future = await admin.post('/api/competence/seminars', { trainingId: training.id, heldOn: addMonths(today(), 1), place: 'Fiktiva salen', unitIds: [unitA, unitB] });

    const { client: worker } = await staffOf('Kompetens A');
    expect((await worker.post(`/api/competence/seminars/${planned.body.id}/attendance`, { userIds: [a.id] })).status).toBe(403);
    expect((await admin.post(`/api/competence/seminars/${planned.body.id}/attendance`, { userIds: [a.id, b.id] })).body.error).toBe('notInvited');
    expect((await admin.post(`/api/competence/seminars/${future.body.id}/attendance`, { userIds: [a.id] })).body.error).toBe('seminarNotHeldYet');
    expect((await admin.post(`/api/competence/seminars/${planned.body.id}/attendance`, { userIds: [a.id] })).body).toEqual({ recorded: 1 });
    const rows = await t.db.selectFrom('training_completions').select(['user_id', 'completed_on', 'source', 'seminar_id']).where('training_id', '=', training.id).execute();
    expect(rows).toEqual([{ user_id: a.id, completed_on: heldOn, source: 'seminar', seminar_id: planned.body.id }]);

    // The invited staff see the coming seminar in their plan; others do not.
    const { client: bClient } = await staffOf('Kompetens B');
    expect((await worker.get('/api/competence/me')).body.seminars.map((s: { id: string }) => s.id)).toContain(future.body.id);
    expect((await bClient.get('/api/competence/me')).body.seminars.map((s: { id: string }) => s.id)).toContain(future.body.id);
    const invitees = (await admin.get(`/api/competence/seminars/${planned.body.id}/invitees`)).body as Array<{ userId: string; attended: boolean }>;
    expect(invitees.find((i) => i.userId === a.id)?.attended).toBe(true);
    expect(invitees.some((i) => i.userId === b.id)).toBe(false);
  });

  test('a partner has no competence routes; an analyst neither (aggregates only, through statistics)', async () => {
    const partner = await t.signedIn([{ role: 'external_partner' }]);
    const analyst = await t.signedIn([{ role: 'analyst' }]);
    for (const c of [partner, analyst]) {
      expect((await c.get('/api/competence/me')).status).toBe(403);
      expect((await c.get('/api/competence/staff')).status).toBe(403);
    }
  });

  test('the retention rule deletes the records of staff deactivated long ago, not of active staff', async () => {
    const training = await makeTraining(t.db);
    const gone = await t.user([{ role: 'caseworker', unit: 'Kompetens A' }]);
    const stays = await t.user([{ role: 'caseworker', unit: 'Kompetens A' }]);
    await t.db.insertInto('training_completions').values([gone, stays].map((u) => ({ user_id: u.id, training_id: training.id, completed_on: '2020-01-01', source: 'import' as const, seminar_id: null, recorded_by: null }))).execute();
    await t.db.updateTable('users').set({ active: false, updated_at: new Date(Date.now() - 800 * 86_400_000) }).where('id', '=', gone.id).execute();
    await t.db.updateTable('users').set({ updated_at: new Date(Date.now() - 800 * 86_400_000) }).where('id', '=', stays.id).execute();
    const { runRetention } = await import('../core/retention-framework/framework.ts');
    const { departedStaffCompletionsRule } = await import('./capability.ts');
    await runRetention(t.db, [departedStaffCompletionsRule], 'command');
    const left = await t.db.selectFrom('training_completions').select('user_id').where('training_id', '=', training.id).execute();
    expect(left.map((r) => r.user_id)).toEqual([stays.id]);
  });
});
