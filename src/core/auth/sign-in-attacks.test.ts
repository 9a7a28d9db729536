import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { currentTotp } from './totp.ts';
import { TEST_PASSWORD, unitId } from '../../testing/app.ts';
import { TestClient } from '../../testing/client.ts';
import { databaseTargets, useTestApp } from '../../testing/harness.ts';

/**
 * Regression tests of issue 8 (items 3, 8, 9, 12, 13 and part of 14): each performs the attack
 * against the HTTP API and the database as they are, and fails on the code before the fix.
 */

const NEW_PASSWORD = 'ett eget nytt lösenord 2026';

function setCookies(headers: Record<string, unknown>): string[] {
  const raw = headers['set-cookie'];
  return Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
}

describe.each(databaseTargets())('sign-in attacks ($name)', (target) => {
  const t = useTestApp(target, { env: { SESSION_IDLE_MINUTES: '5' } });
  const sessionsOf = async (userId: string) =>
    Number((await t.db.selectFrom('sessions').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n);
  const auditOf = (action: string, recordId: string | null) => {
    const q = t.db.selectFrom('audit_log').select(['actor_user_id', 'record_id', 'fields', 'details']).where('action', '=', action).orderBy('id');
    return (recordId === null ? q.where('record_id', 'is', null) : q.where('record_id', '=', recordId)).execute();
  };

  describe('3: separation of duties and one’s own credentials', () => {
    test('an administrator cannot grant themselves a caseworker role, and reads no case', async () => {
      const adminUser = await t.user([{ role: 'administrator' }]);
      const admin = await t.client().signIn(adminUser);
      const unit = await unitId(t.db, 'Nexus – vuxna', 'adult');
      const me = await admin.get(`/api/organisation/users/${adminUser.id}`);
      const r = await admin.patch(`/api/organisation/users/${adminUser.id}`, {
        version: me.body.version,
        grants: [{ role: 'administrator', unitId: null }, { role: 'caseworker', unitId: unit }],
      });
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ error: 'cannotChangeOwnGrants', message: 'Du kan inte ändra dina egna roller. Be en annan administratör (åtskillnad av uppgifter).' });
      expect((await t.db.selectFrom('user_roles').select('role').where('user_id', '=', adminUser.id).execute()).map((g) => g.role)).toEqual(['administrator']);
      expect((await admin.get('/api/cases')).status).toBe(403);
    });

    test('a grant change is audited with the roles before and after (role and unit ids only)', async () => {
      const admin = await t.signedIn([{ role: 'administrator' }]);
      const worker = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
      const nexus = await unitId(t.db, 'Nexus – vuxna', 'adult');
      const kast = await unitId(t.db, 'KAST', 'kast');
      const r = await admin.patch(`/api/organisation/users/${worker.id}`, { version: 1, grants: [{ role: 'caseworker', unitId: kast }] });
      expect(r.status).toBe(200);
      const [entry] = await auditOf('update', worker.id);
      expect(entry).toMatchObject({
        fields: ['grants'],
        details: { grants: { before: [{ role: 'caseworker', unitId: nexus }], after: [{ role: 'caseworker', unitId: kast }] } },
      });
      expect(JSON.stringify(entry!.details)).not.toContain(worker.username);
    });

    test('a user changes their own password (the current one is asked for); other sessions end', async () => {
      const user = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
      const client = await t.client().signIn(user);
      const elsewhere = await t.client().signIn(user).catch(async () => {
        // Same TOTP step twice: wait for the next one.
        await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 100));
        return t.client().signIn(user);
      });
      const wrong = await client.post('/api/auth/password', { currentPassword: 'not my password at all', newPassword: NEW_PASSWORD });
      expect(wrong).toMatchObject({ status: 400, body: { error: 'passwordWrong' } });
      expect((await client.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'kort' })).status).toBe(400);
      const ok = await client.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
      expect(ok.status).toBe(204);
      expect((await client.get('/api/auth/me')).status).toBe(200);
      expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
      expect((await t.client().post('/api/auth/sign-in', { username: user.username, password: TEST_PASSWORD })).status).toBe(401);
      expect((await t.client().post('/api/auth/sign-in', { username: user.username, password: NEW_PASSWORD })).body).toEqual({ next: 'totp' });
      expect(await auditOf('update', user.id)).toEqual([expect.objectContaining({ actor_user_id: user.id, fields: ['password'] })]);
    });

    test('a one-time password set by an administrator must be changed at the first sign-in', async () => {
      const admin = await t.signedIn([{ role: 'administrator' }]);
      const unit = await unitId(t.db, 'Nexus – vuxna', 'adult');
      const oneTime = 'engångslösenord från admin';
      const created = await admin.post('/api/organisation/users', {
        username: `ny.${Date.now()}`,
        displayName: 'Nina Ny',
        kind: 'staff',
        initialPassword: oneTime,
        grants: [{ role: 'caseworker', unitId: unit }],
      });
      expect(created.status).toBe(201);
      const client = t.client();
      expect((await client.post('/api/auth/sign-in', { username: created.body.username, password: oneTime })).body).toEqual({ next: 'enrol' });
      const start = await client.post<{ secret: string }>('/api/auth/enrol/start');
      const confirmed = await client.post('/api/auth/enrol/confirm', { code: await currentTotp(start.body.secret) });
      // Not signed in yet: the administrator's password is replaced first.
      expect(confirmed.body).toEqual({ next: 'password' });
      expect((await client.get('/api/auth/me')).status).toBe(401);
      expect(await sessionsOf(created.body.id)).toBe(0);
      expect((await client.post('/api/auth/initial-password', { newPassword: oneTime })).body.error).toBe('passwordUnchanged');
      expect(await client.post('/api/auth/initial-password', { newPassword: NEW_PASSWORD })).toMatchObject({ status: 200, body: { next: 'done' } });
      expect((await client.get('/api/auth/me')).body.id).toBe(created.body.id);
      // The one-time password is gone.
      expect((await t.client().post('/api/auth/sign-in', { username: created.body.username, password: oneTime })).status).toBe(401);
    });

    test('an administrator’s reset never leaves only factors the administrator knows', async () => {
      const admin = await t.signedIn([{ role: 'administrator' }]);
      const user = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
      // Both at once would let the administrator sign in as the person and enrol an app of their own.
      const both = await admin.post(`/api/organisation/users/${user.id}/reset-credentials`, { newPassword: 'administratörens lösenord', resetMfa: true });
      expect(both).toMatchObject({ status: 400, body: { error: 'resetKeepsOneFactor' } });
      expect((await t.db.selectFrom('users').select('totp_secret').where('id', '=', user.id).executeTakeFirstOrThrow()).totp_secret).not.toBeNull();

      // A new password: the person's app still guards the account, and the password is replaced at sign-in.
      expect((await admin.post(`/api/organisation/users/${user.id}/reset-credentials`, { newPassword: 'administratörens lösenord' })).status).toBe(204);
      // …and then no new enrolment while the password is still the administrator's.
      expect((await admin.post(`/api/organisation/users/${user.id}/reset-credentials`, { resetMfa: true })).body.error).toBe('resetKeepsOneFactor');
      const client = t.client();
      expect((await client.post('/api/auth/sign-in', { username: user.username, password: 'administratörens lösenord' })).body).toEqual({ next: 'totp' });
      expect((await client.post('/api/auth/totp', { code: await currentTotp(user.totpSecret) })).body).toEqual({ next: 'password' });
      expect((await client.post('/api/auth/initial-password', { newPassword: NEW_PASSWORD })).body).toEqual({ next: 'done' });

      // A new enrolment: the person enrols with their own password; the answer to the administrator holds no secret.
      const reset = await admin.post(`/api/organisation/users/${user.id}/reset-credentials`, { resetMfa: true });
      expect(reset).toMatchObject({ status: 204, body: null });
      expect((await t.client().post('/api/auth/sign-in', { username: user.username, password: NEW_PASSWORD })).body).toEqual({ next: 'enrol' });
      // An administrator resets nobody's credentials of their own.
      const adminId = (await admin.get('/api/auth/me')).body.id as string;
      expect((await admin.post(`/api/organisation/users/${adminId}/reset-credentials`, { resetMfa: true })).body.error).toBe('cannotResetOwnCredentials');
    });
  });

  test('8: one TOTP code sent in parallel makes one session, not several', async () => {
    // A race: tried a few times, each with its own account, so a lucky ordering cannot hide it.
    for (let round = 0; round < 4; round++) {
      const user = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
      const client = t.client();
      expect((await client.post('/api/auth/sign-in', { username: user.username, password: TEST_PASSWORD })).status).toBe(200);
      const code = await currentTotp(user.totpSecret);
      // The same pending sign-in and the same code, eight times at once (a script, or a double click).
      const answers = await Promise.all(Array.from({ length: 8 }, () => client.post('/api/auth/totp', { code })));
      expect(answers.filter((a) => a.status === 200), `round ${round}`).toHaveLength(1);
      expect(await sessionsOf(user.id), `round ${round}`).toBe(1);
    }
  });

  describe('9: lock-out keyed on username and client', () => {
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    test('a stranger who locks a username locks only their own address; the real user signs in', async () => {
      const behindProxy = await t.startApp({ TRUST_PROXY: 'true', SESSION_IDLE_MINUTES: '5' });
      const user = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
      const attacker = new TestClient(behindProxy.app);
      const attempt = (c: TestClient, ip: string, password: string) => c.request('POST', '/api/auth/sign-in', { username: user.username, password }, from(ip));
      for (let i = 0; i < 5; i++) expect((await attempt(attacker, '198.51.100.66', `fel-${i}`)).status).toBe(401);
      expect((await attempt(attacker, '198.51.100.66', TEST_PASSWORD)).status).toBe(429);

      const real = new TestClient(behindProxy.app);
      expect((await attempt(real, '203.0.113.10', TEST_PASSWORD)).body).toEqual({ next: 'totp' });
      expect((await real.request('POST', '/api/auth/totp', { code: await currentTotp(user.totpSecret) }, from('203.0.113.10'))).body).toEqual({ next: 'done' });
      expect((await real.get('/api/auth/me')).status).toBe(200);
      // The stranger stays locked.
      expect((await attempt(attacker, '198.51.100.66', TEST_PASSWORD)).status).toBe(429);

      // The table holds neither the address nor the username in clear.
      const rows = JSON.stringify(await behindProxy.db.selectFrom('sign_in_throttle').selectAll().execute());
      expect(rows).not.toContain('198.51.100.66');
      expect(rows).not.toContain(user.username);
    });

    test('each further failure from one client waits longer', async () => {
      const user = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
      const client = t.client();
      const times: number[] = [];
      for (let i = 0; i < 4; i++) {
        const began = performance.now();
        expect((await client.post('/api/auth/sign-in', { username: user.username, password: `fel-${i}` })).status).toBe(401);
        times.push(performance.now() - began);
      }
      // 0, 0, 100, 200 ms of delay on top of the password check.
      expect(times[3]!).toBeGreaterThanOrEqual(200);
      expect(times[3]! - times[0]!).toBeGreaterThanOrEqual(150);
    });
  });

  test('12: background polling does not keep a session alive', async () => {
    const user = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
    const client = await t.client().signIn(user);
    await t.db.updateTable('sessions').set({ last_seen_at: sql<Date>`now() - interval '4 minutes'` }).where('user_id', '=', user.id).execute();
    const idleSeconds = async () =>
      Number((await t.db.selectFrom('sessions').select(sql<number>`extract(epoch from now() - last_seen_at)`.as('idle')).where('user_id', '=', user.id).executeTakeFirstOrThrow()).idle);
    const poll = () => client.request('GET', '/api/auth/me', undefined, { 'x-utvag-background': '1' });
    // The cache hears of the session set back a moment later; poll until it has, and then some.
    for (let i = 0; i < 20; i++) {
      expect((await poll()).status).toBe(200);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await idleSeconds()).toBeGreaterThan(230);
    // A request a person makes counts.
    expect((await client.get('/api/auth/me')).status).toBe(200);
    expect(await idleSeconds()).toBeLessThan(60);
  });

  describe('13: TOTP secrets encrypted at rest', () => {
    test('an enrolment stores no secret in clear', async () => {
      const user = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
      await t.db.updateTable('users').set({ totp_secret: null, totp_enabled_at: null }).where('id', '=', user.id).execute();
      const client = t.client();
      await client.post('/api/auth/sign-in', { username: user.username, password: TEST_PASSWORD });
      const start = await client.post<{ secret: string }>('/api/auth/enrol/start');
      const pending = await t.db.selectFrom('pending_sign_ins').select('candidate_secret').where('user_id', '=', user.id).executeTakeFirstOrThrow();
      expect(pending.candidate_secret).not.toContain(start.body.secret);
      expect((await client.post('/api/auth/enrol/confirm', { code: await currentTotp(start.body.secret) })).body).toEqual({ next: 'done' });
      const stored = (await t.db.selectFrom('users').select('totp_secret').where('id', '=', user.id).executeTakeFirstOrThrow()).totp_secret!;
      expect(stored).not.toContain(start.body.secret);
      expect(stored).toMatch(/^v1\./);
    });

    test('a secret stored in clear before is encrypted at the next start and still signs in', async () => {
      const user = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
      await t.db.updateTable('users').set({ totp_secret: user.totpSecret }).where('id', '=', user.id).execute();
      const restarted = await t.startApp();
      const stored = (await restarted.db.selectFrom('users').select('totp_secret').where('id', '=', user.id).executeTakeFirstOrThrow()).totp_secret!;
      expect(stored).not.toContain(user.totpSecret);
      await new TestClient(restarted.app).signIn(user);
    });
  });

  describe('14: CSRF cookie, sign-out and failed sign-ins', () => {
    test('the CSRF cookie is __Host- prefixed and a new one is set at sign-in; a token from before no longer works', async () => {
      const user = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
      const csrf = await t.app.app.inject({ method: 'GET', url: '/api/auth/csrf' });
      const cookie = setCookies(csrf.headers).find((c) => c.includes('csrf'))!;
      expect(cookie).toMatch(/^__Host-utvag_csrf=/);
      const attrs = cookie.split(';').map((a) => a.trim().toLowerCase());
      expect(attrs).toEqual(expect.arrayContaining(['secure', 'path=/', 'httponly', 'samesite=strict']));
      expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);

      const client = t.client();
      await client.refreshCsrf();
      const before = client.csrfToken()!;
      await client.post('/api/auth/sign-in', { username: user.username, password: TEST_PASSWORD });
      const done = await client.post('/api/auth/totp', { code: await currentTotp(user.totpSecret) });
      expect(setCookies(done.headers).some((c) => c.startsWith('__Host-utvag_csrf='))).toBe(true);
      const withOld = await t.app.app.inject({
        method: 'POST',
        url: '/api/auth/sign-out',
        headers: { cookie: client.cookieHeader(), 'x-csrf-token': before, 'content-type': 'application/json' },
        payload: '{}',
      });
      expect(withOld.statusCode).toBe(403);
      expect(await sessionsOf(user.id)).toBe(1);
    });

    test('sign-out and sign-out everywhere are audited', async () => {
      const user = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
      const client = await t.client().signIn(user);
      expect((await client.post('/api/auth/sign-out')).status).toBe(204);
      const again = await t.client().signIn(user).catch(async () => {
        await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 100));
        return t.client().signIn(user);
      });
      expect((await again.post('/api/auth/sign-out-everywhere')).status).toBe(200);
      expect(await auditOf('sign_out', user.id)).toEqual([
        expect.objectContaining({ actor_user_id: user.id, details: { sessions: 'this' } }),
        expect.objectContaining({ actor_user_id: user.id, details: { sessions: 'all', ended: 1 } }),
      ]);
    });

    test('failed sign-ins are audited without the password, and without the name typed for an account that does not exist', async () => {
      const user = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
      const client = t.client();
      const password = `hemligt-fel-${Date.now()}`;
      const ghost = `finns.inte.${Date.now()}`;
      expect((await client.post('/api/auth/sign-in', { username: user.username, password })).status).toBe(401);
      expect((await client.post('/api/auth/sign-in', { username: ghost, password })).status).toBe(401);
      expect(await auditOf('sign_in_failed', user.id)).toEqual([expect.objectContaining({ actor_user_id: null, details: { stage: 'password-check' } })]);
      const all = await t.db.selectFrom('audit_log').select(['record_id', 'details']).where('action', '=', 'sign_in_failed').execute();
      expect(all.some((e) => e.record_id === null && (e.details as { unknownAccount?: boolean }).unknownAccount === true)).toBe(true);
      const text = JSON.stringify(all);
      expect(text).not.toContain(password);
      expect(text).not.toContain(ghost);
    });
  });
});
