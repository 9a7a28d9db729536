import { beforeAll, describe, expect, test } from 'vitest';
import { makeUser, startTestApp, type TestApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';

/** The log review API's answers and audit entries, exactly: the contract the web app reads. */
describe.each(databaseTargets())('audit contract on $name', (target) => {
  const t = useTestApp(target);
  let app: TestApp;
  beforeAll(async () => {
    app = t.app;
  });

  test('entries, reviews and the chain: the JSON of each answer and what the log records', async () => {
    const adminUser = await makeUser(app.db, [{ role: 'administrator' }], { displayName: 'Ada Admin' });
    const admin = await new TestClient(app.app).signIn(adminUser);
    const unit = await admin.post('/api/organisation/units', { name: 'Granskade enheten', kind: 'other' });
    const reviewerUser = await makeUser(app.db, [{ role: 'audit_reviewer' }], { displayName: 'Rut Granskare' });
    const reviewer = await new TestClient(app.app).signIn(reviewerUser);

    const entries = await reviewer.get(`/api/audit/entries?userId=${adminUser.id}&limit=1`);
    expect(entries.status).toBe(200);
    expect(entries.body).toEqual([
      {
        id: expect.any(Number),
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        actorUserId: adminUser.id,
        actorName: 'Ada Admin',
        actorRole: 'administrator',
        actorUnit: null,
        action: 'create',
        recordType: 'unit',
        recordId: unit.body.id,
        personId: null,
        fields: ['name', 'kind', 'districtId'],
        purpose: 'user administration',
      },
    ]);
    const older = await reviewer.get(`/api/audit/entries?userId=${adminUser.id}&beforeId=${entries.body[0].id}`);
    expect(older.body.map((e: { action: string }) => e.action)).toEqual(['sign_in']);
    expect((await reviewer.get('/api/audit/entries?from=2026-02-02&to=2026-02-01')).status).toBe(400);

    const created = await reviewer.post('/api/audit/reviews', { periodFrom: '2026-01-01', periodTo: '2026-01-31', scope: 'Alla läsningar', finding: 'Inget att anmärka' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), chainHeadId: expect.any(Number) });
    const reviews = await reviewer.get('/api/audit/reviews');
    expect(reviews.body).toEqual([
      {
        id: created.body.id,
        reviewer: 'Rut Granskare',
        periodFrom: '2026-01-01',
        periodTo: '2026-01-31',
        scope: 'Alla läsningar',
        finding: 'Inget att anmärka',
        chainHeadId: created.body.chainHeadId,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      },
    ]);
    const chain = await reviewer.post('/api/audit/verify');
    expect(chain.body).toMatchObject({ ok: true, unsealed: 0, firstBroken: null, head: { id: expect.any(Number), hash: expect.any(String) } });

    const log = await app.db.selectFrom('audit_log').select(['action', 'record_type', 'record_id', 'fields', 'purpose', 'actor_role', 'person_id']).where('actor_user_id', '=', reviewerUser.id).where('action', '!=', 'sign_in').orderBy('id').execute();
    const entry = (action: string, record_type: string, record_id: string | null, fields: string[]) => ({ action, record_type, record_id, fields, purpose: 'log review', actor_role: 'audit_reviewer', person_id: null });
    expect(log).toEqual([entry('search', 'audit_log', null, []), entry('search', 'audit_log', null, []), entry('create', 'audit_review', created.body.id, ['period', 'scope', 'finding'])]);
  });
});
