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
    expect(rows).toHaveLength(8);
    expect(rows.filter((r) => r.kind === 'children').every((r) => r.victim && r.barnahus === 'offered')).toBe(true);
    expect(rows.filter((r) => r.person_role === 'buys').map((r) => r.kind)).toEqual(['kast']);
    expect(rows.some((r) => r.status === 'closed')).toBe(true);
    // The school's concern about a 14-year-old: a concern report, assessed the same day, feedback given.
    const concern = await t.db
      .selectFrom('cases as k')
      .innerJoin('contact_reporters as r', 'r.contact_id', 'k.contact_id')
      .select(['k.concern_report', 'k.protection_assessed_at', 'k.assessment_due', 'r.kind', 'r.feedback_given_on'])
      .where('r.kind', '=', 'school')
      .executeTakeFirstOrThrow();
    expect(concern).toMatchObject({ concern_report: true, assessment_due: '2026-10-04', kind: 'school', feedback_given_on: '2026-09-25' });
    expect(concern.protection_assessed_at).not.toBeNull();
    // The relative's call is about the person; the relative is the reporter, not the case's person.
    const relative = await t.db.selectFrom('cases as k').innerJoin('contact_reporters as r', 'r.contact_id', 'k.contact_id').innerJoin('persons as p', 'p.id', 'k.person_id').select(['p.pseudonym', 'k.person_role']).where('r.kind', '=', 'relative').executeTakeFirstOrThrow();
    expect(relative).toEqual({ pseudonym: 'Noor', person_role: 'exposed' });
    expect(await t.db.selectFrom('districts').select('name').orderBy('name').execute()).toHaveLength(2);
  });
});
