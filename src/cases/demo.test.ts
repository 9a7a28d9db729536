import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemoOrganisation } from '../demo/seed.ts';
import { seedDemoData } from '../demo/data.ts';
import { startTestApp, type TestApp } from '../testing/app.ts';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../testing/databases.ts';

describe.each(databaseTargets())('demo cases on $name', (target) => {
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

  test('load into the demo units, routed by the same rules', async () => {
    await seedDemoOrganisation(app.db);
    await seedDemoData(app.db);
    const rows = await app.db.selectFrom('cases as k').innerJoin('units as u', 'u.id', 'k.unit_id').select(['u.kind', 'k.victim', 'k.barnahus', 'k.person_role', 'k.status']).execute();
    expect(rows).toHaveLength(7);
    expect(rows.filter((r) => r.kind === 'children').every((r) => r.victim && r.barnahus === 'offered')).toBe(true);
    expect(rows.filter((r) => r.person_role === 'buys').map((r) => r.kind)).toEqual(['kast']);
    expect(rows.some((r) => r.status === 'closed')).toBe(true);
  });
});
