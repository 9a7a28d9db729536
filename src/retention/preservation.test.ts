import { beforeAll, describe, expect, test } from 'vitest';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { makeContact, routingUnits } from '../cases/testing.ts';

/**
 * Bevarande (SoF 7 kap. 2 §, issue 16): Göteborg keeps every social-services record. With the
 * municipality's setting on, a closed case past its time is kept and the run's report says why;
 * with the law's minimum back, the same case goes. The change is audited.
 */
describe.each(databaseTargets())('the municipality’s preservation on $name', (target) => {
  const t = useTestApp(target);
  let admin: TestClient;
  let worker: TestClient;

  beforeAll(async () => {
    await routingUnits(t.db);
    admin = await t.signedIn([{ role: 'administrator', unit: 'Vuxenenheten (test)' }]);
    worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
  });

  async function oldClosedCase() {
    const reg = await worker.post('/api/intake/contacts', makeContact({ statedAge: 30 }, { identityMode: 'pseudonymous', pseudonym: 'Fiktiv bevarad' }));
    expect(reg.status).toBe(201);
    const id = reg.body.case.id as string;
    const page = await worker.get(`/api/cases/${id}`);
    expect((await worker.post(`/api/cases/${id}/status`, { version: page.body.version, status: 'closed' })).status).toBe(200);
    const sixYearsAgo = new Date(Date.now() - 6 * 366 * 86_400_000);
    await t.db.updateTable('cases').set({ closed_at: sixYearsAgo, last_activity_at: sixYearsAgo }).where('id', '=', id).execute();
    return id;
  }
  const exists = async (id: string) => !!(await t.db.selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst());

  test('with "the municipality keeps all" a case that would be deleted is kept, and the report says why; back to the law’s days, it goes', async () => {
    expect((await admin.get('/api/retention/preservation')).body).toMatchObject({ mode: 'birth_days', birthDays: [5, 15, 25], lawDays: [5, 15, 25] });
    // The law's days cannot be removed, and keeping all names the decision.
    expect((await admin.request('PUT', '/api/retention/preservation', { mode: 'birth_days', birthDays: [5, 15], decision: null })).body).toMatchObject({ error: 'preservationDaysRequired' });
    expect((await admin.request('PUT', '/api/retention/preservation', { mode: 'all', birthDays: [5, 15, 25], decision: null })).body).toMatchObject({ error: 'preservationDecisionRequired' });
    expect((await worker.request('PUT', '/api/retention/preservation', { mode: 'all', birthDays: [5, 15, 25], decision: 'KF 2024-02-29 § 12' })).status).toBe(403);

    expect((await admin.request('PUT', '/api/retention/preservation', { mode: 'all', birthDays: [5, 15, 25], decision: 'KF 2024-02-29 § 12' })).status).toBe(204);
    const audit = await t.db.selectFrom('audit_log').select(['details']).where('record_type', '=', 'retention_preservation').where('action', '=', 'update').execute();
    expect(audit.at(-1)?.details).toMatchObject({ from: { mode: 'birth_days' }, to: { mode: 'all', decision: 'KF 2024-02-29 § 12' } });

    const id = await oldClosedCase();
    const kept = await admin.post('/api/retention/runs');
    expect(kept.status).toBe(201);
    expect(await exists(id)).toBe(true);
    expect(kept.body.counts.case).toBe(0);
    expect(kept.body.kept.case.municipality_keeps_all).toBeGreaterThanOrEqual(1);

    expect((await admin.request('PUT', '/api/retention/preservation', { mode: 'birth_days', birthDays: [5, 15, 25], decision: null })).status).toBe(204);
    const gone = await admin.post('/api/retention/runs');
    expect(gone.body.counts.case).toBeGreaterThanOrEqual(1);
    expect(await exists(id)).toBe(false);
  });

  test('a person born on a kept day keeps their file, and the report counts it under the day of birth', async () => {
    const reg = await worker.post('/api/intake/contacts', makeContact({ statedAge: null }, { identityMode: 'pseudonymous', pseudonym: 'Fiktiv femtonde', birthDate: '1990-03-15' }));
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const id = reg.body.case.id as string;
    const page = await worker.get(`/api/cases/${id}`);
    expect((await worker.post(`/api/cases/${id}/status`, { version: page.body.version, status: 'closed' })).status).toBe(200);
    const old = new Date(Date.now() - 6 * 366 * 86_400_000);
    await t.db.updateTable('cases').set({ closed_at: old, last_activity_at: old }).where('id', '=', id).execute();
    const run = await admin.post('/api/retention/runs');
    expect(await exists(id)).toBe(true);
    expect(run.body.kept.case.birth_day).toBeGreaterThanOrEqual(1);
  });
});
