import { makeKeyring, newTotpKey } from '../auth/totp-keys.ts';
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { capabilities } from '../../capabilities.ts';
import { ORGANISATION_WIDE_ROLES, PERMISSIONS, ROLES, roleHas, type Permission, type Role } from './policy.ts';
import { buildServer } from '../http/server.ts';
import { loadConfig } from '../config.ts';
import { databaseTargets, useTestApp } from '../../testing/harness.ts';

/**
 * Walks every registered route with every role: a route without a rule stops the server, and no
 * role may reach a route its permissions do not cover (nor a signed-out caller a non-public one).
 */
const t = useTestApp(databaseTargets()[0]!);

function concreteUrl(url: string): string {
  return url.replace(/:recordType/g, 'no_such_type').replace(/:[A-Za-z]+/g, () => randomUUID()).replace(/\*/g, 'x');
}

// Routes that end the caller's own session get a session of their own (a second account, since a
// TOTP code cannot be used twice).
const endsSession = (url: string) => url.includes('sign-out');

describe('route permissions', () => {
  test('the server refuses to start with a route that declares no access rule', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const rogue = {
      name: 'rogue',
      routes(a: import('../http/server.ts').App) {
        a.route({ method: 'GET', url: '/api/rogue', schema: { response: { 200: z.object({}) } }, handler: async () => ({}) });
      },
    };
    await expect(
      buildServer({ config, capabilities: [rogue], db: t.db, databaseUrl: t.url, jobs: { state: () => 'disabled' }, sessionSecret: 'x'.repeat(32), sealAudit: async () => 0, totpKeys: makeKeyring(newTotpKey()), retentionRules: [] }),
    ).rejects.toThrow(/declares no access rule/);
  });

  test('every route names a known permission, public or signed-in', () => {
    expect(t.app.app.utvagRoutes.length).toBeGreaterThan(10);
    for (const r of t.app.app.utvagRoutes) {
      expect(['public', 'signed-in', ...PERMISSIONS], `${r.method} ${r.url}`).toContain(r.access);
    }
  });

  test('a signed-out caller gets 401 on every route that is not public', async () => {
    const anonymous = t.client();
    const failures: string[] = [];
    for (const r of t.app.app.utvagRoutes.filter((r) => r.access !== 'public')) {
      const res = await anonymous.request(r.method as 'GET', concreteUrl(r.url), r.method === 'GET' ? undefined : {});
      if (res.status !== 401) failures.push(`${r.method} ${r.url} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  test.each(ROLES)('role %s reaches exactly the routes its permissions cover', async (role: Role) => {
    const unit = ORGANISATION_WIDE_ROLES.includes(role) || role === 'external_partner' ? null : 'Enhet för behörighetstest';
    const user = await t.user([{ role, unit }]);
    const client = await t.client().signIn(user);
    const failures: string[] = [];
    for (const r of t.app.app.utvagRoutes.filter((r) => r.access !== 'public')) {
      const caller = endsSession(r.url) ? await t.signedIn([{ role, unit }]) : client;
      const res = await caller.request(r.method as 'GET', concreteUrl(r.url), r.method === 'GET' ? undefined : {});
      const allowed = r.access === 'signed-in' || roleHas(role, r.access as Permission);
      const denied = res.status === 403 || res.status === 401;
      if (allowed === denied) failures.push(`${r.method} ${r.url} (${r.access}) → ${res.status}, expected ${allowed ? 'access' : '403'}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('the analyst', () => {
  test('reaches aggregates only: the statistics and the ads register’s counts, never a record route', () => {
    const reachable = t.app.app.utvagRoutes.filter((r) => r.access !== 'public' && r.access !== 'signed-in' && roleHas('analyst', r.access as Permission));
    expect(reachable.map((r) => r.access)).toContain('statistics.read');
    expect(reachable.filter((r) => !['ads.statistics', 'statistics.read'].includes(r.access))).toEqual([]);
    // The one statistics route with a row per person (pseudonymous) needs statistics.export, which the analyst lacks.
    expect(reachable.map((r) => r.url)).not.toContain('/api/statistics/national/persons');
    expect(reachable.every((r) => r.url.startsWith('/api/statistics/') || r.url.startsWith('/api/ads'))).toBe(true);
  });
});

describe('the reviewed list of route rules', () => {
  // Any change of a route's rule shows up here and must be reviewed (run vitest -u to accept it).
  test('matches route-rules.snap.txt', async () => {
    const lines = t.app.app.utvagRoutes.map((r) => `${r.method.padEnd(6)} ${r.url.padEnd(48)} ${r.access}`).sort();
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot('./route-rules.snap.txt');
  });
});
