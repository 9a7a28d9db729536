import { describe, expect, test } from 'vitest';
import { databaseTargets, useTestApp } from '../testing/harness.ts';

describe.each(databaseTargets())('audit actors and search ($name)', (target) => {
  const t = useTestApp(target);

  test('the reviewer lists who can appear in the log (identifying fields only), and the listing is itself logged', async () => {
    const admin = await t.user([{ role: 'administrator' }], { displayName: 'Alva Administratör' });
    const reviewer = await t.user([{ role: 'audit_reviewer' }]);
    const client = await t.client().signIn(reviewer);

    const res = await client.get<Array<Record<string, unknown>>>('/api/audit/actors');
    expect(res.status).toBe(200);
    const alva = res.body.find((a) => a.id === admin.id);
    expect(alva).toEqual({ id: admin.id, displayName: 'Alva Administratör', username: admin.username });
    expect(res.body.length).toBe(Number((await t.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));

    const logged = await t.db.selectFrom('audit_log').selectAll().where('actor_user_id', '=', reviewer.id).where('action', '=', 'list').execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ record_type: 'user', actor_role: 'audit_reviewer', purpose: 'log review' });
    expect(logged[0]!.fields).toEqual(['displayName', 'username']);
  });

  test('an actor picked from the list finds that actor’s entries only', async () => {
    const admin = await t.user([{ role: 'administrator' }]);
    const reviewer = await t.user([{ role: 'audit_reviewer' }]);
    const adminClient = await t.client().signIn(admin);
    expect((await adminClient.post('/api/organisation/units', { name: 'Loggtestenheten', kind: 'other' })).status).toBe(201);
    const client = await t.client().signIn(reviewer);

    const res = await client.get<Array<{ actorUserId: string; action: string; recordType: string }>>(`/api/audit/entries?userId=${admin.id}`);
    expect(res.status).toBe(200);
    expect(res.body.map((e) => `${e.action} ${e.recordType}`)).toEqual(['create unit', 'sign_in user']);
    expect(new Set(res.body.map((e) => e.actorUserId))).toEqual(new Set([admin.id]));
  });

  test('a caseworker may not list the actors', async () => {
    const caseworker = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
    const client = await t.client().signIn(caseworker);
    expect((await client.get('/api/audit/actors')).status).toBe(403);
  });
});
