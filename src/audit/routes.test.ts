import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../testing/databases.ts';
import { makeUser, startTestApp, type TestApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';

describe.each(databaseTargets())('audit actors and search ($name)', (target) => {
  let database: TestDatabase;
  let app: TestApp;
  beforeAll(async () => {
    database = await createTestDatabase(target);
    app = await startTestApp(database.url);
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  test('the reviewer lists who can appear in the log (identifying fields only), and the listing is itself logged', async () => {
    const admin = await makeUser(app.db, [{ role: 'administrator' }], { displayName: 'Alva Administratör' });
    const reviewer = await makeUser(app.db, [{ role: 'audit_reviewer' }]);
    const client = await new TestClient(app.app).signIn(reviewer);

    const res = await client.get<Array<Record<string, unknown>>>('/api/audit/actors');
    expect(res.status).toBe(200);
    const alva = res.body.find((a) => a.id === admin.id);
    expect(alva).toEqual({ id: admin.id, displayName: 'Alva Administratör', username: admin.username });
    expect(res.body.length).toBe(Number((await app.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));

    const logged = await app.db.selectFrom('audit_log').selectAll().where('actor_user_id', '=', reviewer.id).where('action', '=', 'list').execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ record_type: 'user', actor_role: 'audit_reviewer', purpose: 'log review' });
    expect(logged[0]!.fields).toEqual(['displayName', 'username']);
  });

  test('an actor picked from the list finds that actor’s entries only', async () => {
    const admin = await makeUser(app.db, [{ role: 'administrator' }]);
    const reviewer = await makeUser(app.db, [{ role: 'audit_reviewer' }]);
    const adminClient = await new TestClient(app.app).signIn(admin);
    expect((await adminClient.post('/api/organisation/units', { name: 'Loggtestenheten', kind: 'other' })).status).toBe(201);
    const client = await new TestClient(app.app).signIn(reviewer);

    const res = await client.get<Array<{ actorUserId: string; action: string; recordType: string }>>(`/api/audit/entries?userId=${admin.id}`);
    expect(res.status).toBe(200);
    expect(res.body.map((e) => `${e.action} ${e.recordType}`)).toEqual(['create unit', 'sign_in user']);
    expect(new Set(res.body.map((e) => e.actorUserId))).toEqual(new Set([admin.id]));
  });

  test('a caseworker may not list the actors', async () => {
    const caseworker = await makeUser(app.db, [{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
    const client = await new TestClient(app.app).signIn(caseworker);
    expect((await client.get('/api/audit/actors')).status).toBe(403);
  });
});
