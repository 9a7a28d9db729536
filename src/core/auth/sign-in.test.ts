import { sql } from 'kysely';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkTotp, currentTotp } from './totp.ts';
import { createSession, SESSION_COOKIE } from './sessions.ts';
import { FREE_ATTEMPTS, throttleKeys } from './throttle.ts';
import { makeKeyring } from './totp-keys.ts';
import { permissionsOf } from '../access/policy.ts';
import { TEST_PASSWORD, TEST_TOTP_KEY, type TestApp } from '../../testing/app.ts';

const keys = throttleKeys('test-secret-test-secret-test-secret-123');
const testKeys = makeKeyring(Buffer.from(TEST_TOTP_KEY, 'base64'));
import { TestClient } from '../../testing/client.ts';
import { databaseTargets, useTestApp } from '../../testing/harness.ts';

/** A six-digit code the secret does not accept now (nor in the neighbouring time steps). */
async function wrongCode(secret: string): Promise<string> {
  for (const candidate of ['000000', '111111', '222222', '333333']) if ((await checkTotp(secret, candidate, null)) === null) return candidate;
  throw new Error('unreachable');
}

function setCookie(headers: Record<string, unknown>, name: string): string | undefined {
  const raw = headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  return all.find((c: string) => c.startsWith(`${name}=`));
}

describe.each(databaseTargets())('sign-in and sessions ($name)', (target) => {
  const t = useTestApp(target, { env: { SESSION_IDLE_MINUTES: '5' } });
  const caseworker = () => t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);

  const signInAttempt = (client: TestClient, username: string, password: string) => client.post('/api/auth/sign-in', { username, password });
  const sessionsOf = async (userId: string) =>
    Number((await t.db.selectFrom('sessions').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n);

  test('password and TOTP: a session, the user, and a sign-in audit entry', async () => {
    const user = await caseworker();
    const client = t.client();
    const first = await signInAttempt(client, user.username, TEST_PASSWORD);
    expect(first).toMatchObject({ status: 200, body: { next: 'totp' } });
    expect(client.hasCookie(SESSION_COOKIE)).toBe(false);
    expect((await client.get('/api/auth/me')).status).toBe(401);

    const second = await client.post('/api/auth/totp', { code: await currentTotp(user.totpSecret) });
    expect(second).toMatchObject({ status: 200, body: { next: 'done' } });
    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, username: user.username, permissions: permissionsOf([{ role: 'caseworker', unitId: null }]), idleMinutes: 5 });
    const audit = await t.db.selectFrom('audit_log').select(['actor_user_id', 'details']).where('action', '=', 'sign_in').where('record_id', '=', user.id).execute();
    expect(audit).toEqual([{ actor_user_id: user.id, details: { method: 'password+totp' } }]);
  });

  test('the session cookie is HttpOnly, Secure, SameSite=Strict, Path=/', async () => {
    const user = await caseworker();
    const client = t.client();
    await signInAttempt(client, user.username, TEST_PASSWORD);
    const res = await client.post('/api/auth/totp', { code: await currentTotp(user.totpSecret) });
    const cookie = setCookie(res.headers, SESSION_COOKIE);
    expect(cookie).toBeDefined();
    const attrs = cookie!.split(';').map((a) => a.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('secure');
    expect(attrs).toContain('samesite=strict');
    expect(attrs).toContain('path=/');
    // The token is random and only its hash is stored.
    const token = cookie!.split(';')[0]!.split('=')[1]!;
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(await t.db.selectFrom('sessions').select('id').where('id', '=', token).executeTakeFirst()).toBeUndefined();
  });

  test('a wrong password and an unknown username get the same answer', async () => {
    const user = await caseworker();
    const client = t.client();
    const wrong = await signInAttempt(client, user.username, 'not the password at all');
    const unknown = await signInAttempt(client, 'ingen.sadan.person', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ error: 'signInFailed', message: 'Fel användarnamn, lösenord eller kod.' });
    expect(client.hasCookie('utvag_pending')).toBe(false);
  });

  test('an inactive account cannot sign in, and its sessions stop working', async () => {
    const user = await caseworker();
    const client = await t.client().signIn(user);
    await t.db.updateTable('users').set({ active: false }).where('id', '=', user.id).execute();
    expect((await client.get('/api/auth/me')).status).toBe(401);
    const again = await signInAttempt(t.client(), user.username, TEST_PASSWORD);
    expect(again.status).toBe(401);
    expect(again.body).toEqual({ error: 'signInFailed', message: 'Fel användarnamn, lösenord eller kod.' });
  });

  test('lock-out after repeated failures, with back-off, even with the right password', async () => {
    const user = await caseworker();
    const client = t.client();
    for (let i = 0; i < FREE_ATTEMPTS; i++) expect((await signInAttempt(client, user.username, `wrong-${i}`)).status).toBe(401);
    const locked = await signInAttempt(client, user.username, TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual({ error: 'signInLocked', message: 'För många misslyckade försök. Försök igen om 1 min.' });
    // Other spellings of the username share the count.
    expect((await signInAttempt(client, ` ${user.username.toUpperCase()} `, TEST_PASSWORD)).status).toBe(429);

    // When the minute has passed, the next failure locks twice as long.
    await t.db.updateTable('sign_in_throttle').set({ locked_until: sql<Date>`now() - interval '1 second'` }).where('username_key', '=', keys.username(user.username)).execute();
    expect((await signInAttempt(client, user.username, 'wrong-again')).status).toBe(401);
    const longer = await signInAttempt(client, user.username, TEST_PASSWORD);
    expect(longer.status).toBe(429);
    expect(longer.body.message).toBe('För många misslyckade försök. Försök igen om 2 min.');

    // After the lock, the right password works and clears the count.
    await t.db.updateTable('sign_in_throttle').set({ locked_until: sql<Date>`now() - interval '1 second'` }).where('username_key', '=', keys.username(user.username)).execute();
    expect((await signInAttempt(client, user.username, TEST_PASSWORD)).status).toBe(200);
    await client.post('/api/auth/totp', { code: await currentTotp(user.totpSecret) });
    expect((await client.get('/api/auth/me')).status).toBe(200);
    expect(await t.db.selectFrom('sign_in_throttle').selectAll().where('username_key', '=', keys.username(user.username)).executeTakeFirst()).toBeUndefined();
  });

  test('unknown usernames are locked out the same way (no enumeration through the lock)', async () => {
    const client = t.client();
    const user = await caseworker();
    const answers: Array<{ status: number; body: unknown }> = [];
    for (const name of ['ingen.alls', user.username]) {
      for (let i = 0; i < FREE_ATTEMPTS; i++) expect((await signInAttempt(client, name, `wrong-${i}`)).status).toBe(401);
      const r = await signInAttempt(client, name, TEST_PASSWORD);
      answers.push({ status: r.status, body: r.body });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.status).toBe(429);
  });

  test('a wrong TOTP code counts towards the lock, even when the password is typed again in between', async () => {
    const user = await caseworker();
    const client = t.client();
    const bad = await wrongCode(user.totpSecret);
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      expect((await signInAttempt(client, user.username, TEST_PASSWORD)).status, `password, round ${i}`).toBe(200);
      const r = await client.post('/api/auth/totp', { code: bad });
      expect(r.status, `code, round ${i}`).toBe(401);
      expect(r.body.error).toBe('signInFailed');
    }
    expect((await signInAttempt(client, user.username, TEST_PASSWORD)).status).toBe(429);
    expect(await sessionsOf(user.id)).toBe(0);
  });

  test('a TOTP code cannot be used twice', async () => {
    const user = await caseworker();
    const code = await currentTotp(user.totpSecret);
    const first = t.client();
    await signInAttempt(first, user.username, TEST_PASSWORD);
    expect((await first.post('/api/auth/totp', { code })).status).toBe(200);

    const second = t.client();
    expect((await signInAttempt(second, user.username, TEST_PASSWORD)).status).toBe(200);
    const replay = await second.post('/api/auth/totp', { code });
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('signInFailed');
    expect(second.hasCookie(SESSION_COOKIE)).toBe(false);
    expect(await sessionsOf(user.id)).toBe(1);
  });

  test('the TOTP step without a password step first is refused', async () => {
    const user = await caseworker();
    const r = await t.client().post('/api/auth/totp', { code: await currentTotp(user.totpSecret) });
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('signInExpired');
  });

  test('enrolment: QR code and secret, a wrong code fails, the right one signs in and keeps the secret', async () => {
    const user = await caseworker();
    await t.db.updateTable('users').set({ totp_secret: null, totp_enabled_at: null }).where('id', '=', user.id).execute();
    const client = t.client();
    expect((await client.post('/api/auth/enrol/start')).status).toBe(401);

    expect(await signInAttempt(client, user.username, TEST_PASSWORD)).toMatchObject({ status: 200, body: { next: 'enrol' } });
    // An account that has not enrolled cannot take the TOTP step.
    expect((await client.post('/api/auth/totp', { code: '123456' })).status).toBe(401);

    const start = await client.post<{ uri: string; qrDataUrl: string; secret: string }>('/api/auth/enrol/start');
    expect(start.status).toBe(200);
    expect(start.body.qrDataUrl).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    expect(start.body.secret).toMatch(/^[A-Z2-7]{16,}$/);
    const uri = new URL(start.body.uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(start.body.secret);
    expect(decodeURIComponent(uri.pathname)).toContain(user.username);

    const wrong = await client.post('/api/auth/enrol/confirm', { code: await wrongCode(start.body.secret) });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ error: 'totpInvalid', message: 'Koden stämmer inte. Kontrollera klockan i din app och försök igen.' });
    expect(client.hasCookie(SESSION_COOKIE)).toBe(false);
    expect((await t.db.selectFrom('users').select('totp_secret').where('id', '=', user.id).executeTakeFirstOrThrow()).totp_secret).toBeNull();

    const right = await client.post('/api/auth/enrol/confirm', { code: await currentTotp(start.body.secret) });
    expect(right).toMatchObject({ status: 200, body: { next: 'done' } });
    expect((await client.get('/api/auth/me')).body.id).toBe(user.id);
    const row = await t.db.selectFrom('users').select(['totp_secret', 'totp_enabled_at', 'totp_last_step']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(testKeys.open(row.totp_secret!)).toBe(start.body.secret);
    expect(row.totp_enabled_at).not.toBeNull();
    expect(row.totp_last_step).not.toBeNull();
    // The pending sign-in is used up: enrolment cannot be restarted with the same cookie.
    expect((await client.post('/api/auth/enrol/start')).status).toBe(401);
  });

  test('an enrolled account cannot enrol a new secret with only its password', async () => {
    const user = await caseworker();
    const client = t.client();
    expect((await signInAttempt(client, user.username, TEST_PASSWORD)).body.next).toBe('totp');
    const r = await client.post('/api/auth/enrol/start');
    expect(r.status).toBe(401);
    expect(testKeys.open((await t.db.selectFrom('users').select('totp_secret').where('id', '=', user.id).executeTakeFirstOrThrow()).totp_secret!)).toBe(user.totpSecret);
  });

  test('idle timeout follows SESSION_IDLE_MINUTES', async () => {
    const user = await caseworker();
    const client = await t.client().signIn(user);
    const setIdle = (minutes: number) =>
      t.db.updateTable('sessions').set({ last_seen_at: sql<Date>`now() - make_interval(mins => ${minutes})` }).where('user_id', '=', user.id).execute();
    await setIdle(4);
    expect((await client.get('/api/auth/me')).status).toBe(200);
    // The request above counted as activity.
    const seen = await t.db.selectFrom('sessions').select(sql<number>`extract(epoch from now() - last_seen_at)`.as('idle')).where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(Number(seen.idle)).toBeLessThan(60);

    await setIdle(6);
    // The session cache hears of a session set back from the database (NOTIFY), a moment later.
    let expired = await client.get('/api/auth/me');
    for (const started = Date.now(); expired.status === 200 && Date.now() - started < 2000; expired = await client.get('/api/auth/me')) await new Promise((r) => setTimeout(r, 10));
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error: 'sessionExpired', message: 'Din session har gått ut. Logga in igen.' });
    expect(setCookie(expired.headers, SESSION_COOKIE)).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  test('a session ends after 12 hours even when in use, and a made-up token is no session', async () => {
    const user = await caseworker();
    const client = await t.client().signIn(user);
    await t.db.updateTable('sessions').set({ created_at: sql<Date>`now() - interval '12 hours 1 minute'` }).where('user_id', '=', user.id).execute();
    expect((await client.get('/api/auth/me')).status).toBe(401);
    const forged = await t.app.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { [SESSION_COOKIE]: 'x'.repeat(43) } });
    expect(forged.statusCode).toBe(401);
  });

  test('sign-out ends the session', async () => {
    const user = await caseworker();
    const client = await t.client().signIn(user);
    const r = await client.post('/api/auth/sign-out');
    expect(r.status).toBe(204);
    expect(await sessionsOf(user.id)).toBe(0);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  test('sign-out everywhere ends every session of the user, and only theirs', async () => {
    const user = await caseworker();
    const other = await caseworker();
    const client = await t.client().signIn(user);
    const elsewhere = await createSession(t.db, user.id);
    const othersToken = await createSession(t.db, other.id);
    const meWith = async (token: string) => (await t.app.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { [SESSION_COOKIE]: token } })).statusCode;
    expect(await meWith(elsewhere)).toBe(200);

    const r = await client.post('/api/auth/sign-out-everywhere');
    expect(r).toMatchObject({ status: 200, body: { ended: 2 } });
    expect(await meWith(elsewhere)).toBe(401);
    expect((await client.get('/api/auth/me')).status).toBe(401);
    expect(await meWith(othersToken)).toBe(200);
  });

  test('without OIDC configured, its routes answer 404 and the options say so', async () => {
    const client = t.client();
    expect((await client.get('/api/auth/options')).body).toEqual({ oidc: false });
    const start = await client.get('/api/auth/oidc/start');
    expect(start.status).toBe(404);
    expect(start.body.error).toBe('oidcNotConfigured');
    expect((await client.get('/api/auth/oidc/callback?code=x&state=y')).status).toBe(404);
  });

  describe('CSRF', () => {
    test('a change without the token, or with a wrong one, is refused and changes nothing', async () => {
      const user = await caseworker();
      const client = await t.client().signIn(user);
      // The sign-in rotated the CSRF secret: this browser fetches a token for the new one.
      await client.refreshCsrf();
      const post = (headers: Record<string, string>) =>
        t.app.app.inject({ method: 'POST', url: '/api/auth/sign-out-everywhere', headers: { cookie: client.cookieHeader(), 'content-type': 'application/json', ...headers }, payload: '{}' });

      const missing = await post({});
      expect(missing.statusCode).toBe(403);
      expect(missing.json()).toEqual({ error: 'csrf', message: 'Sidan behöver laddas om (säkerhetstoken saknas eller är ogiltig).' });
      expect((await post({ 'x-csrf-token': 'forged' })).statusCode).toBe(403);
      // A valid token of another browser does not fit this browser's secret.
      const stranger = t.client();
      await stranger.refreshCsrf();
      expect((await post({ 'x-csrf-token': stranger.csrfToken()! })).statusCode).toBe(403);
      expect(await sessionsOf(user.id)).toBe(1);

      expect((await post({ 'x-csrf-token': client.csrfToken()! })).statusCode).toBe(200);
      expect(await sessionsOf(user.id)).toBe(0);
    });

    test('the sign-in itself needs the token (no login CSRF)', async () => {
      const user = await caseworker();
      const r = await t.app.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: user.username, password: TEST_PASSWORD } });
      expect(r.statusCode).toBe(403);
      expect(r.cookies.find((c) => c.name === 'utvag_pending')).toBeUndefined();
    });

    test('an administrator’s change without the token creates nothing', async () => {
      const admin = await t.user([{ role: 'administrator' }]);
      const client = await t.client().signIn(admin);
      const r = await t.app.app.inject({
        method: 'POST',
        url: '/api/organisation/units',
        headers: { cookie: client.cookieHeader(), 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'Enhet via CSRF', kind: 'other' }),
      });
      expect(r.statusCode).toBe(403);
      expect(await t.db.selectFrom('units').select('id').where('name', '=', 'Enhet via CSRF').executeTakeFirst()).toBeUndefined();
    });
  });

  describe('rate limit on sign-in', () => {
    let limited: TestApp;
    beforeAll(async () => {
      limited = await t.startApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    });

    test('the fourth attempt within a minute gets 429 with a translated message', async () => {
      // Counted in the database for every instance on it: from an address no other test uses.
      const client = new TestClient(limited.app).from('192.0.2.77');
      for (let i = 0; i < 3; i++) expect((await signInAttempt(client, `rate.${i}`, 'wrong password')).status).toBe(401);
      const fourth = await signInAttempt(client, 'rate.4', 'wrong password');
      expect(fourth.status).toBe(429);
      expect(fourth.body).toMatchObject({ error: 'rateLimited', message: 'För många förfrågningar. Vänta en stund och försök igen.' });
      const english = await new TestClient(limited.app, 'en').from('192.0.2.77').post('/api/auth/sign-in', { username: 'rate.5', password: 'wrong password' });
      expect(english.status).toBe(429);
      expect(english.body.message).toBe('Too many requests. Please wait a moment and try again.');
      // The limit counted requests, not failures: nothing about the usernames was recorded for them.
      expect(await limited.db.selectFrom('sign_in_throttle').select('username_key').where('username_key', '=', 'rate.4').executeTakeFirst()).toBeUndefined();
    });
  });
});
