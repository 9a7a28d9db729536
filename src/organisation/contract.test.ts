import { beforeAll, describe, expect, test } from 'vitest';
import { makeUser, startTestApp, type TestApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';

/** The organisation API's answers and audit entries, exactly: the contract the web app reads. */
describe.each(databaseTargets())('organisation contract on $name', (target) => {
  const t = useTestApp(target);
  let app: TestApp;
  beforeAll(async () => {
    app = t.app;
  });

  test('units and accounts: the JSON of each answer and what the log records', async () => {
    const adminUser = await makeUser(app.db, [{ role: 'administrator' }]);
    const admin = await new TestClient(app.app).signIn(adminUser);
    const unit = await admin.post('/api/organisation/units', { name: 'Kontraktsenheten', kind: 'adult' });
    expect(unit.status).toBe(201);
    expect(unit.body).toEqual({ id: expect.any(String), name: 'Kontraktsenheten', kind: 'adult', active: true, districtId: null });
    const renamed = await admin.request('PATCH', `/api/organisation/units/${unit.body.id}`, { name: 'Kontraktsenheten 2' });
    expect(renamed.body).toEqual({ ...unit.body, name: 'Kontraktsenheten 2' });
    expect((await admin.get('/api/organisation/units')).body).toContainEqual(renamed.body);

    const created = await admin.post('/api/organisation/users', {
      username: 'kontrakt.test',
      displayName: 'Kim Kontrakt',
      email: 'kim@exempel.se',
      kind: 'staff',
      initialPassword: 'ett långt lösenord för test',
      grants: [{ role: 'caseworker', unitId: unit.body.id }],
    });
    expect(created.status).toBe(201);
    const expected = {
      id: expect.any(String),
      username: 'kontrakt.test',
      displayName: 'Kim Kontrakt',
      email: 'kim@exempel.se',
      kind: 'staff',
      partnerOrganisation: null,
      active: true,
      mfaEnrolled: false,
      oidcIdentity: null,
      version: 1,
      grants: [{ role: 'caseworker', unitId: unit.body.id }],
    };
    expect(created.body).toEqual(expected);
    const id = created.body.id as string;
    expect((await admin.get(`/api/organisation/users/${id}`)).body).toEqual(expected);
    const listed = await admin.get(`/api/organisation/users?query=kontrakt`);
    expect(listed.body).toEqual([expected]);
    const changed = await admin.request('PATCH', `/api/organisation/users/${id}`, { version: 1, displayName: 'Kim K', grants: [{ role: 'unit_manager', unitId: unit.body.id }] });
    expect(changed.body).toEqual({ ...expected, displayName: 'Kim K', version: 2, grants: [{ role: 'unit_manager', unitId: unit.body.id }] });
    expect((await admin.request('PATCH', `/api/organisation/users/${id}`, { version: 1, displayName: 'stale' })).status).toBe(409);
    expect((await admin.request('PATCH', `/api/organisation/users/${adminUser.id}`, { version: 1, active: false })).status).toBe(400);
    expect((await admin.post(`/api/organisation/users/${id}/reset-credentials`, { newPassword: 'ett nytt långt lösenord' })).status).toBe(204);

    const log = await app.db
      .selectFrom('audit_log')
      .select(['action', 'record_type', 'record_id', 'fields', 'purpose', 'actor_role'])
      .where('actor_user_id', '=', adminUser.id)
      .where('action', '!=', 'sign_in')
      .orderBy('id')
      .execute();
    const entry = (action: string, record_type: string, record_id: string | null, fields: string[]) => ({ action, record_type, record_id, fields, purpose: 'user administration', actor_role: 'administrator' });
    expect(log).toEqual([
      entry('create', 'unit', unit.body.id, ['name', 'kind', 'districtId']),
      entry('update', 'unit', unit.body.id, ['name']),
      entry('create', 'user', id, ['username', 'displayName', 'email', 'kind', 'grants']),
      entry('read', 'user', id, ['username', 'displayName', 'email', 'grants']),
      entry('list', 'user', null, ['username', 'displayName', 'email', 'grants']),
      entry('update', 'user', id, ['displayName', 'grants']),
      entry('update', 'user', id, ['password']),
    ]);
  });
});
