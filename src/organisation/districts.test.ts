import { describe, expect, test } from 'vitest';
import { databaseTargets, useTestApp } from '../testing/harness.ts';

/** Districts (stadsdelar, nämnder; seed 003/004): the administrator keeps them and puts units in them. */
describe.each(databaseTargets())('districts on $name', (target) => {
  const t = useTestApp(target);

  test('create, rename and deactivate a district, and put a unit in it; audited; others may only read', async () => {
    const admin = await t.signedIn([{ role: 'administrator' }]);
    const d = await admin.post('/api/organisation/districts', { name: 'Fiktiva stadsdelen Norr' });
    expect(d.status).toBe(201);
    expect(d.body).toEqual({ id: expect.any(String), name: 'Fiktiva stadsdelen Norr', active: true });
    expect((await admin.post('/api/organisation/districts', { name: 'Fiktiva stadsdelen Norr' })).body).toMatchObject({ error: 'districtNameTaken' });
    const renamed = await admin.request('PATCH', `/api/organisation/districts/${d.body.id}`, { name: 'Fiktiva stadsdelen Nord' });
    expect(renamed.body).toEqual({ ...d.body, name: 'Fiktiva stadsdelen Nord' });
    expect((await admin.request('PATCH', `/api/organisation/districts/${d.body.id}`, {})).status).toBe(400);

    const unit = await admin.post('/api/organisation/units', { name: 'Vuxenenheten Nord (fiktiv)', kind: 'adult', districtId: d.body.id });
    expect(unit.body).toMatchObject({ districtId: d.body.id });
    const moved = await admin.request('PATCH', `/api/organisation/units/${unit.body.id}`, { districtId: null });
    expect(moved.body.districtId).toBeNull();
    expect((await admin.request('PATCH', `/api/organisation/units/${unit.body.id}`, { districtId: '00000000-0000-4000-8000-000000000000' })).body).toMatchObject({ error: 'unknownDistrict' });

    const off = await admin.request('PATCH', `/api/organisation/districts/${d.body.id}`, { active: false });
    expect(off.body.active).toBe(false);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'fields']).where('record_type', '=', 'district').where('record_id', '=', d.body.id).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'create', fields: ['name'] },
      { action: 'update', fields: ['name'] },
      { action: 'update', fields: ['active'] },
    ]);

    const worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    expect((await worker.get('/api/organisation/districts')).body).toContainEqual(off.body);
    expect((await worker.post('/api/organisation/districts', { name: 'Inte tillåtet' })).status).toBe(403);
  });
});
