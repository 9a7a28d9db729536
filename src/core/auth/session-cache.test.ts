import { beforeAll, describe, expect, test } from 'vitest';
import { makeUser, type TestApp } from '../../testing/app.ts';
import { TestClient } from '../../testing/client.ts';
import { databaseTargets, useTestApp } from '../../testing/harness.ts';

/**
 * Two instances behind a balancer share one database. A session read on instance B is cached
 * there; revoking it through instance A (sign-out, deactivation, a grant change) must make B
 * refuse it at once — B hears of it from the database (NOTIFY), not from a timer.
 */
describe.each(databaseTargets())('session cache across instances on $name', (target) => {
  const t = useTestApp(target);
  let a: TestApp;
  let b: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    a = t.app;
    b = await t.startApp();
    // The listeners connect when the servers are ready.
    await Promise.all([a.app.ready(), b.app.ready()]);
    admin = await t.signedIn([{ role: 'administrator' }]);
  });

  /** A caseworker signed in on A, whose session cookie is then used on B too. */
  async function signedInOnBoth() {
    const user = await makeUser(a.db, [{ role: 'caseworker', unit: 'Cacheenheten' }]);
    const onA = await new TestClient(a.app).signIn(user);
    // The cookie as it was at sign-in: A's client drops it when it signs out, an attacker would not.
    const cookie = onA.cookieHeader();
    const onB = (url = '/api/auth/me') => b.app.inject({ method: 'GET', url, headers: { cookie } });
    return { user, onA, onB };
  }

  /** How long until B refuses the session; fails after two seconds. */
  async function refusedOnB(onB: () => Promise<{ statusCode: number }>): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < 2000) {
      if ((await onB()).statusCode === 401) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('instance B still accepts the revoked session after 2 s');
  }

  test('B serves a session from its cache after the first read', async () => {
    const { onB } = await signedInOnBoth();
    const before = b.app.sessionCache.size;
    expect((await onB()).statusCode).toBe(200);
    expect(b.app.sessionCache.size).toBe(before + 1);
    expect((await onB()).statusCode).toBe(200);
    expect(b.app.sessionCache.size).toBe(before + 1);
  });

  test('sign-out on A: B refuses the cached session at once', async () => {
    const { onA, onB } = await signedInOnBoth();
    expect((await onB()).statusCode).toBe(200);
    expect((await onA.post('/api/auth/sign-out')).status).toBe(204);
    expect(await refusedOnB(onB)).toBeLessThan(2000);
  });

  test('deactivation by an administrator on A: B refuses the cached session at once', async () => {
    const { user, onB } = await signedInOnBoth();
    expect((await onB()).statusCode).toBe(200);
    const current = await admin.get(`/api/organisation/users/${user.id}`);
    expect((await admin.patch(`/api/organisation/users/${user.id}`, { version: current.body.version, active: false })).status).toBe(200);
    expect(await refusedOnB(onB)).toBeLessThan(2000);
  });

  test('a grant removed on A is gone on B at once', async () => {
    const { user, onB } = await signedInOnBoth();
    expect((await onB('/api/cases')).statusCode).toBe(200);
    await a.db.deleteFrom('user_roles').where('user_id', '=', user.id).execute();
    const started = performance.now();
    while ((await onB('/api/cases')).statusCode !== 403) {
      if (performance.now() - started > 2000) throw new Error('instance B still honours the removed grant after 2 s');
      await new Promise((r) => setTimeout(r, 5));
    }
  });

  test('a session set back past its idle time is refused by a cache that had it', async () => {
    const { onB } = await signedInOnBoth();
    expect((await onB()).statusCode).toBe(200);
    const token = (await b.db.selectFrom('sessions').select('id').orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow()).id;
    await b.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 60 * 60_000) }).where('id', '=', token).execute();
    expect(await refusedOnB(onB)).toBeLessThan(2000);
  });
});
