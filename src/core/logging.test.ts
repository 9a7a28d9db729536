import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { capabilities, retentionRules } from '../capabilities.ts';
import { startUtvag, type RunningUtvag } from './app.ts';
import { loadConfig } from './config.ts';
import { makeUser, TEST_TOTP_KEY } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';

/**
 * Application logs must hold no personal data. Everything here is fictional: a staff member with a
 * distinctive name and e-mail, and a personnummer (19121212-1212, Skatteverket's test number style)
 * typed into searches. The whole log output is then searched for each of them.
 */
const PERSON = {
  displayName: 'Signe Loggtestsdotter',
  username: 'signe.loggtest',
  email: 'signe.loggtestsdotter@exempel.se',
  password: 'ett hemligt lösenord för loggtest',
};
const PERSONNUMMER = '19121212-1212';
const FORBIDDEN = ['Signe', 'Loggtestsdotter', 'signe.loggtest', 'exempel.se', '19121212', '121212-1212', '1212121212', 'hemligt lösenord'];

describe.each(databaseTargets())('no personal data in the log ($name)', (target) => {
  // The most talkative level: nothing below it may carry personal data either.
  const t = useTestApp(target, { env: { LOG_LEVEL: 'trace' } });
  let admin: TestClient;
  let unitId: string;

  beforeAll(async () => {
    admin = await t.signedIn([{ role: 'administrator' }]);
    const unit = await admin.post('/api/organisation/units', { name: 'Loggtestenheten', kind: 'other' });
    unitId = unit.body.id;
  });

  test('creating, searching, failing validation and colliding leave no trace of the person', async () => {
    const user = {
      username: PERSON.username,
      displayName: PERSON.displayName,
      email: PERSON.email,
      kind: 'staff',
      initialPassword: PERSON.password,
      grants: [{ role: 'caseworker', unitId }],
    };
    const created = await admin.post('/api/organisation/users', user);
    expect(created.status).toBe(201);

    // Searches carry names and personnummer in the query string.
    const q = (query: string) => admin.get(`/api/organisation/users?query=${encodeURIComponent(query)}`);
    expect((await q(PERSON.displayName)).body).toHaveLength(1);
    expect((await q(PERSON.email)).status).toBe(200);
    expect((await q(PERSONNUMMER)).status).toBe(200);
    // A query string that fails validation (too long), with the personnummer in it.
    expect((await q(`${PERSONNUMMER} ${'x'.repeat(120)}`)).status).toBe(400);

    // A validation error on a body full of personal data.
    const invalid = await admin.post('/api/organisation/users', { ...user, username: 'signe loggtest', email: `${PERSONNUMMER}@exempel` });
    expect(invalid.status).toBe(400);
    // A unique violation: the database error quotes the value.
    const duplicate = await admin.post('/api/organisation/users', { ...user, displayName: `${PERSON.displayName} ${PERSONNUMMER}` });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toBe('usernameTaken');

    // A change, a read, sign-in attempts with the username, and unreadable JSON with the name in it.
    const id = created.body.id as string;
    expect((await admin.patch(`/api/organisation/users/${id}`, { version: created.body.version, email: `ny.${PERSON.email}` })).status).toBe(200);
    expect((await admin.get(`/api/organisation/users/${id}`)).status).toBe(200);
    const stranger = t.client();
    expect((await stranger.post('/api/auth/sign-in', { username: PERSON.username, password: 'fel lösenord' })).status).toBe(401);
    expect((await stranger.post('/api/auth/sign-in', { username: PERSON.username, password: PERSON.password })).status).toBe(200);
    const broken = await t.app.app.inject({
      method: 'POST',
      url: '/api/organisation/users',
      headers: { cookie: admin.cookieHeader(), 'x-csrf-token': admin.csrfToken()!, 'content-type': 'application/json' },
      payload: `{"displayName": "${PERSON.displayName}", ${PERSONNUMMER}}`,
    });
    expect(broken.statusCode).toBe(400);
    // A request to a path that does not exist, with a personnummer in it.
    expect((await admin.get(`/api/organisation/users/${PERSONNUMMER}`)).status).toBe(400);
    expect((await admin.get(`/api/personer/${PERSONNUMMER}`)).status).toBe(404);

    const log = t.app.logs();
    expect(log.length).toBeGreaterThan(0);
    expect(log).toContain('"route":"/api/organisation/users"'); // the requests were logged, by route
    for (const s of FORBIDDEN) expect(log, `the log contains ${s}`).not.toContain(s);
    for (const s of FORBIDDEN) expect(log.toLowerCase(), `the log contains ${s}`).not.toContain(s.toLowerCase());
    // Nor any cookie or CSRF token.
    expect(log).not.toContain(admin.csrfToken()!);
    expect(log).not.toMatch(/utvag_session=|utvag_csrf=/);
  });
});

describe('no personal data from the embedded server in the log, even at debug level', () => {
  let dir: string;
  let utvag: RunningUtvag;
  let logged = '';

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'utvag-logtest-'));
    await fs.chmod(dir, 0o755);
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug', RUN_JOBS: 'false', UTVAG_DATA_DIR: dir, EMBEDDED_PG_PORT: String(port), SESSION_SECRET: 's'.repeat(32), TOTP_ENCRYPTION_KEY: TEST_TOTP_KEY });
    utvag = await startUtvag(config, {
      capabilities,
      listen: false,
      logDestination: new Writable({ write: (chunk, _enc, cb) => ((logged += String(chunk)), cb()) }),
    });
  });
  afterAll(async () => {
    await utvag?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  test('a unique violation and a value PostgreSQL rejects leave no value in the log', async () => {
    const admin = await new TestClient(utvag.app).signIn(await makeUser(utvag.database.db, [{ role: 'administrator' }]));
    const user = { username: PERSON.username, displayName: PERSON.displayName, email: PERSON.email, kind: 'staff', initialPassword: PERSON.password, grants: [] };
    expect((await admin.post('/api/organisation/users', user)).status).toBe(201);
    expect((await admin.post('/api/organisation/users', user)).status).toBe(409);
    // A value PostgreSQL itself rejects, sent past the application's validation.
    await expect(utvag.database.db.selectFrom('users').select('id').where('id', '=', PERSONNUMMER).execute()).rejects.toThrow();
    expect(logged).toContain('database system is ready to accept connections'); // the server's log does arrive
    // The server logs in order: once the checkpoint it was asked for is logged, so is all before it.
    const owner = new pg.Client({ connectionString: utvag.ownerUrl });
    await owner.connect();
    await owner.query('checkpoint');
    await owner.end();
    await expect.poll(() => logged.includes('checkpoint complete'), { timeout: 20_000 }).toBe(true);
    for (const s of FORBIDDEN) expect(logged, `the log contains ${s}`).not.toContain(s);
  });
});
