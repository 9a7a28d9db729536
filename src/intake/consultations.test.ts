import { beforeAll, describe, expect, test } from 'vitest';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { routingUnits } from '../cases/testing.ts';
import { consultationProblem } from './rules.ts';
import { addDays, todayInStockholm } from '../core/time/stockholm.ts';

const today = () => todayInStockholm();

describe('the consultation rule', () => {
  test('a consultation cannot be dated ahead', () => {
    expect(consultationProblem({ givenOn: '2026-03-11', texts: [] }, '2026-03-10')).toBe('dateInFuture');
    expect(consultationProblem({ givenOn: '2026-03-10', texts: ['Om stöd för en elev'] }, '2026-03-10')).toBeNull();
  });
  test('it stays anonymous: a personnummer in any text is refused, in any of its written forms', () => {
    for (const pnr of ['080310-1234', '0803101234', '20080310-1234', '200803101234', '080310+1234']) {
      expect(consultationProblem({ givenOn: '2026-03-10', texts: ['Rådgivning', `gäller ${pnr}`] }, '2026-03-10')).toBe('consultationIdentifies');
    }
    // A phone number or a date is not a personnummer.
    expect(consultationProblem({ givenOn: '2026-03-10', texts: ['Ring 020-50 50 50 den 2026-03-10', null] }, '2026-03-10')).toBeNull();
  });
});

/** Seed 001: a professional or a relative consults without naming the person; no case, no person. */
describe.each(databaseTargets())('consultations without a case on $name', (target) => {
  const t = useTestApp(target);
  let units: Awaited<ReturnType<typeof routingUnits>>;
  let adultWorker: TestClient;
  let kastWorker: TestClient;

  beforeAll(async () => {
    units = await routingUnits(t.db);
    adultWorker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    kastWorker = await t.signedIn([{ role: 'caseworker', unit: 'KAST (test)' }]);
  });

  const body = (extra: Record<string, unknown> = {}) => ({
    unitId: units.adult,
    givenOn: today(),
    askerKind: 'school',
    topic: 'En elev säger att hon får betalt för att träffa äldre män',
    advice: 'Gjorde en orosanmälan om eleven är under 18; erbjöd konsultation igen.',
    referral: 'Barn och unga',
    ...extra,
  });

  test('a consultation is recorded and listed with counts, without a case or a person, and audited without a person', async () => {
    const [cases, persons] = await Promise.all([t.db.selectFrom('cases').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(), t.db.selectFrom('persons').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()]);
    const res = await adultWorker.post('/api/intake/consultations', body());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ unitId: units.adult, askerKind: 'school', referral: 'Barn och unga', givenOn: today() });
    await adultWorker.post('/api/intake/consultations', body({ askerKind: 'relative', referral: null }));

    const list = await adultWorker.get('/api/intake/consultations');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(res.body.id);
    expect(list.body.byAsker.school).toBeGreaterThanOrEqual(1);
    expect(list.body.byAsker.relative).toBeGreaterThanOrEqual(1);
    expect(list.body.total).toBe(Object.values(list.body.byAsker as Record<string, number>).reduce((a, b) => a + b, 0));

    const [casesAfter, personsAfter] = await Promise.all([t.db.selectFrom('cases').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(), t.db.selectFrom('persons').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()]);
    expect(Number(casesAfter.n)).toBe(Number(cases.n));
    expect(Number(personsAfter.n)).toBe(Number(persons.n));

    const entry = await t.db.selectFrom('audit_log').select(['action', 'person_id', 'fields']).where('record_type', '=', 'consultation').where('record_id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'create', person_id: null });
  });

  test('another unit neither sees them nor records in the adult unit’s name', async () => {
    const res = await adultWorker.post('/api/intake/consultations', body({ topic: 'Bara för vuxenenheten' }));
    expect(res.status).toBe(201);
    const kastList = await kastWorker.get('/api/intake/consultations');
    expect(kastList.status).toBe(200);
    expect(kastList.body.items.map((i: { id: string }) => i.id)).not.toContain(res.body.id);
    expect((await kastWorker.post('/api/intake/consultations', body())).status).toBe(403);
    expect((await kastWorker.post('/api/intake/consultations', body({ unitId: units.kast }))).status).toBe(201);
  });

  test('a personnummer in the text, a date ahead or a reversed period is refused', async () => {
    const named = await adultWorker.post('/api/intake/consultations', body({ advice: 'Gäller 20080310-1234' }));
    expect(named.status).toBe(400);
    expect(JSON.stringify(named.body)).toContain('personnummer');
    const tomorrow = addDays(todayInStockholm(), 2);
    expect((await adultWorker.post('/api/intake/consultations', body({ givenOn: tomorrow }))).status).toBe(400);
    expect((await adultWorker.get('/api/intake/consultations?from=2026-02-01&to=2026-01-01')).status).toBe(400);
  });
});
