import { describe, expect, test } from 'vitest';
import { capabilities } from '../capabilities.ts';
import { seedDemoData } from '../demo/data.ts';
import { seedDemoOrganisation } from '../demo/seed.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';

describe.each(databaseTargets())('outreach and ads register demo data on $name', (target) => {
  const t = useTestApp(target);

  test('shifts of every seeded kind with anonymous contacts, and a grouped ads import', async () => {
    await seedDemoOrganisation(t.db);
    await seedDemoData(t.db, capabilities);
    const shifts = await t.db.selectFrom('outreach_shifts as s').innerJoin('units as u', 'u.id', 's.unit_id').select(['s.kind', 'u.name']).execute(); // scope: the test reads everything seeded
    expect(shifts.map((s) => s.kind).sort()).toEqual(['joint_police', 'online', 'police_action_week', 'street']);
    expect(new Set(shifts.map((s) => s.name))).toEqual(new Set(['Uppsökande']));
    const contacts = await t.db.selectFrom('outreach_contacts').select(['person_role', 'on_behalf_of', 'intake_contact_id']).execute();
    expect(contacts).toHaveLength(9);
    expect(contacts.filter((c) => c.person_role === 'buys').every((c) => c.on_behalf_of !== null)).toBe(true);
    expect(contacts.every((c) => c.intake_contact_id === null)).toBe(true);

    const imp = await t.db.selectFrom('ads_imports').select(['state', 'imported']).executeTakeFirstOrThrow();
    expect(imp).toEqual({ state: 'done', imported: 400 });
    const ads = await t.db.selectFrom('ads_ads').select(['group_id', 'phone_hmacs']).execute();
    expect(ads).toHaveLength(400);
    const groups = new Set(ads.map((a) => a.group_id));
    expect(groups.size).toBeGreaterThan(20);
    expect(groups.size).toBeLessThan(400);
    expect(ads.flatMap((a) => a.phone_hmacs).every((h) => /^[0-9a-f]{32}$/.test(h))).toBe(true);
    expect(Number((await t.db.selectFrom('ads_links').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
  });
});
