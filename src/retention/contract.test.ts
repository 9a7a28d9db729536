import { beforeAll, describe, expect, test } from 'vitest';
import { makeUser, startTestApp, type TestApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The retention administration API's answers and audit entries, exactly. */
describe.each(databaseTargets())('retention contract on $name', (target) => {
  const t = useTestApp(target);
  let app: TestApp;
  beforeAll(async () => {
    app = t.app;
  });

  test('rules, a changed period and a manual run: the JSON of each answer and what the log records', async () => {
    const adminUser = await makeUser(app.db, [{ role: 'administrator' }]);
    const admin = await new TestClient(app.app).signIn(adminUser);
    const rules = await admin.get('/api/retention/rules');
    expect(rules.status).toBe(200);
    expect(rules.body).toContainEqual({
      recordType: 'chat_transcript',
      label: { sv: expect.any(String), en: expect.any(String) },
      description: { sv: expect.any(String), en: expect.any(String) },
      defaultKeepDays: 30,
      keepDays: 30,
    });
    expect((await admin.request('PUT', '/api/retention/rules/chat_transcript', { keepDays: 45 })).status).toBe(204);
    expect((await admin.request('PUT', '/api/retention/rules/no_such_type', { keepDays: 45 })).status).toBe(404);
    expect((await admin.get('/api/retention/rules')).body).toContainEqual(expect.objectContaining({ recordType: 'chat_transcript', defaultKeepDays: 30, keepDays: 45 }));

    const run = await admin.post('/api/retention/runs');
    expect(run.status).toBe(201);
    expect(run.body).toEqual({ id: expect.any(String), trigger: 'manual', startedAt: expect.stringMatching(ISO), finishedAt: expect.stringMatching(ISO), counts: expect.objectContaining({ chat_transcript: 0 }), kept: expect.any(Object), error: null });
    expect((await admin.get('/api/retention/runs')).body).toEqual([run.body]);

    const log = await app.db.selectFrom('audit_log').select(['action', 'record_type', 'record_id', 'fields', 'purpose', 'details']).where('actor_user_id', '=', adminUser.id).where('action', '!=', 'sign_in').orderBy('id').execute();
    expect(log).toEqual([{ action: 'update', record_type: 'retention_setting', record_id: 'chat_transcript', fields: ['keepDays'], purpose: 'retention administration', details: { keepDays: 45 } }]);
  });
});
