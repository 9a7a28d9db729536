import { capabilities } from '../capabilities.ts';
import { describe, expect, test } from 'vitest';
import { seedDemoOrganisation } from '../demo/seed.ts';
import { seedDemoData } from '../demo/data.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';

describe.each(databaseTargets())('demo cases on $name', (target) => {
  const t = useTestApp(target);

  test('load into the demo units, routed by the same rules', async () => {
    await seedDemoOrganisation(t.db);
    await seedDemoData(t.db, capabilities);
    const rows = await t.db.selectFrom('cases as k').innerJoin('units as u', 'u.id', 'k.unit_id').select(['u.kind', 'k.victim', 'k.barnahus', 'k.person_role', 'k.status']).execute();
    expect(rows).toHaveLength(7);
    expect(rows.filter((r) => r.kind === 'children').every((r) => r.victim && r.barnahus === 'offered')).toBe(true);
    expect(rows.filter((r) => r.person_role === 'buys').map((r) => r.kind)).toEqual(['kast']);
    expect(rows.some((r) => r.status === 'closed')).toBe(true);
  });
});
