import { beforeAll, describe, expect, test } from 'vitest';
import { TEST_PASSWORD, type TestApp } from '../../testing/app.ts';
import { TestClient } from '../../testing/client.ts';
import { databaseTargets, useTestApp } from '../../testing/harness.ts';

/**
 * Two instances behind a balancer on one database share one budget per client: the rate limits of
 * the public routes and of sign-in are counted in PostgreSQL, and a sign-in lock-out made on one
 * instance holds on the other. (Counted per instance in memory, each would grant its own budget.)
 */
describe.each(databaseTargets())('rate limits and lock-outs shared by instances on $name', (target) => {
  const t = useTestApp(target);
  let a: TestApp;
  let b: TestApp;
  const limits = { PUBLIC_RATE_LIMIT_PER_MINUTE: '4', LOGIN_RATE_LIMIT_PER_MINUTE: '8' };

  beforeAll(async () => {
    a = await t.startApp(limits);
    b = await t.startApp(limits);
  });

  const get = (app: TestApp, url: string, address: string) => app.app.inject({ method: 'GET', url, remoteAddress: address });
  const hitsOf = async () => (await t.db.selectFrom('rate_limit_counters').select(['bucket', 'hits']).execute());

  test('a public route: four requests in all, whichever instance answers, then 429 on both', async () => {
    const statuses: number[] = [];
    for (const app of [a, b, a, b, a, b]) statuses.push((await get(app, '/api/auth/options', '192.0.2.10')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // Another client has a budget of its own.
    expect((await get(b, '/api/auth/options', '192.0.2.11')).statusCode).toBe(200);
    const refused = await get(a, '/api/auth/options', '192.0.2.10');
    expect(refused.json()).toMatchObject({ error: 'rateLimited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  test('sign-in: eight attempts in all across the two instances, then 429', async () => {
    const onA = new TestClient(a.app).from('192.0.2.20');
    const onB = new TestClient(b.app).from('192.0.2.20');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      for (const client of [onA, onB]) statuses.push((await client.post('/api/auth/sign-in', { username: `nobody.${i}`, password: 'wrong password' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429, 429]);
  });

  test('once over its budget, a client is refused by that instance without a write per request', async () => {
    for (let i = 0; i < 5; i++) await get(a, '/api/health', '192.0.2.30');
    const before = (await hitsOf()).find((r) => r.bucket === 'GET /api/health');
    expect(before?.hits).toBe(5);
    for (let i = 0; i < 10; i++) expect((await get(a, '/api/health', '192.0.2.30')).statusCode).toBe(429);
    expect((await hitsOf()).find((r) => r.bucket === 'GET /api/health')?.hits).toBe(5);
    // The other instance asks the database, which says the budget is spent.
    expect((await get(b, '/api/health', '192.0.2.30')).statusCode).toBe(429);
  });

  test('a lock-out made through instance A holds on instance B; the real user signs in from another client', async () => {
    const user = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
    const attacker = { a: new TestClient(a.app).from('198.51.100.40'), b: new TestClient(b.app).from('198.51.100.40') };
    for (let i = 0; i < 5; i++) expect((await attacker.a.post('/api/auth/sign-in', { username: user.username, password: `fel-${i}` })).status).toBe(401);
    const onB = await attacker.b.post('/api/auth/sign-in', { username: user.username, password: TEST_PASSWORD });
    expect(onB.status).toBe(429);
    expect(onB.body).toMatchObject({ error: 'signInLocked' });
    expect((await attacker.a.post('/api/auth/sign-in', { username: user.username, password: TEST_PASSWORD })).body).toMatchObject({ error: 'signInLocked' });
    const real = new TestClient(b.app).from('203.0.113.40');
    expect((await real.post('/api/auth/sign-in', { username: user.username, password: TEST_PASSWORD })).body).toEqual({ next: 'totp' });
  });

  test('the counters hold no address; a signed-in read is not counted (no extra round trip)', async () => {
    const worker = await new TestClient(a.app).from('192.0.2.50').signIn(await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]));
    for (let i = 0; i < 3; i++) expect((await worker.get('/api/cases')).status).toBe(200);
    const rows = await t.db.selectFrom('rate_limit_counters').selectAll().execute();
    expect(rows.map((r) => r.bucket)).not.toContain('GET /api/cases');
    expect(rows.map((r) => r.bucket)).toContain('POST /api/auth/sign-in');
    const text = JSON.stringify(rows);
    for (const address of ['192.0.2.10', '192.0.2.20', '192.0.2.30', '192.0.2.50', '198.51.100.40']) expect(text).not.toContain(address);
  });
});
