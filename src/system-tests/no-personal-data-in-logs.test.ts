import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { capabilities } from '../capabilities.ts';
import { startUtvag } from '../core/app.ts';
import { loadConfig } from '../core/config.ts';
import { makeUser, startTestApp, TEST_TOTP_KEY, unitId, type TestApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { createTestDatabase, databaseTargets, type TestDatabase, type TestDatabaseTarget } from '../testing/databases.ts';
import { makeContact } from '../cases/testing.ts';
import { openAllWeek, startVisitor, type } from '../chat/testing.ts';
import { freePort } from '../testing/processes.ts';

/**
 * No personal data in any log, driven through every capability that takes it in: intake (including a
 * refused registration and duplicates, one of them concurrent), persons, case search, the journal,
 * the chat (live and offline) and a failed OpenID Connect sign-in — at LOG_LEVEL trace. Then both
 * the application's log and PostgreSQL's own log (the embedded server's output, or the Debian
 * cluster's log file for the server) are searched for every value in several spellings.
 *
 * Everything is fictional: the personnummer are Luhn-valid numbers in the test-number style (serial 98xx).
 */
const P = {
  name: 'Vendela Loggfri-Testsson',
  pnr: '19730521-9839', // 7 3 0 5 2 1 9 8 3 → 5+3+0+5+4+1+9+8+6 = 41 → 9
  racePnr: '19880304-9843', // registered eight times at once
  badPnr: '19730521-9838', // wrong check digit
  otherPnr: '19660917-9855',
  address: 'Påhittsgatan 17, 964 31 Låtsasby',
  newAddress: 'Inbillningsvägen 4, 964 32 Låtsasby',
  phone: '070-739 14 62',
  email: 'vendela.loggfri@exempel.se',
};

/** Every spelling of a personnummer a log might carry. */
function pnrSpellings(pnr: string): string[] {
  const twelve = pnr.replace(/\D/g, '');
  const ten = twelve.slice(2);
  return [twelve, `${twelve.slice(0, 8)}-${twelve.slice(8)}`, ten, `${ten.slice(0, 6)}-${ten.slice(6)}`, `${ten.slice(0, 6)}+${ten.slice(6)}`, `${ten.slice(0, 6)} ${ten.slice(6)}`];
}
const PHONE_SPELLINGS = ['070-739 14 62', '0707391462', '070 739 14 62', '070-7391462', '+46707391462', '+46 70 739 14 62', '46707391462', '739 14 62', '7391462'];
const FORBIDDEN = [
  'Vendela',
  'Loggfri',
  'Testsson',
  ...pnrSpellings(P.pnr),
  ...pnrSpellings(P.racePnr),
  ...pnrSpellings(P.badPnr),
  ...pnrSpellings(P.otherPnr),
  'Påhittsgatan',
  'Inbillningsvägen',
  'Låtsasby',
  '964 31',
  ...PHONE_SPELLINGS,
  'vendela.loggfri',
  'exempel.se',
];

function leaks(log: string): string[] {
  const lower = log.toLowerCase();
  return FORBIDDEN.filter((s) => lower.includes(s.toLowerCase())).map((s) => {
    const at = lower.indexOf(s.toLowerCase());
    return `${s}: …${log.slice(Math.max(0, at - 160), at + s.length + 80).replace(/\s+/g, ' ')}…`;
  });
}

const SERVER_LOG = '/var/log/postgresql/postgresql-15-main.log';

/**
 * The app on the target, listening (the chat needs a socket), with an OIDC issuer nobody answers at,
 * and a way to read what PostgreSQL logged meanwhile. The embedded target gets a server of its own
 * started by Utväg (its output reaches the application log, as in production); the server target
 * reads the cluster's log file from the size it had at the start.
 */
async function start(target: TestDatabaseTarget) {
  const env = {
    LOG_LEVEL: 'trace',
    HOST: '127.0.0.1',
    OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`,
    OIDC_CLIENT_ID: 'utvag-logtest',
    OIDC_CLIENT_SECRET: 'a-secret-for-the-log-test',
    OIDC_ALLOW_INSECURE_ISSUER: 'true',
  };
  if (target.name === 'embedded') {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'utvag-nopd-'));
    await fs.chmod(dir, 0o755);
    let logged = '';
    const config = loadConfig({
      NODE_ENV: 'test',
      RUN_JOBS: 'false',
      PORT: '0',
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
      SESSION_SECRET: 'test-secret-test-secret-test-secret-123',
      TOTP_ENCRYPTION_KEY: TEST_TOTP_KEY,
      UTVAG_DATA_DIR: dir,
      EMBEDDED_PG_PORT: String(await freePort()),
      ...env,
    });
    const utvag = await startUtvag(config, { capabilities, listen: true, logDestination: new Writable({ write: (chunk, _enc, cb) => ((logged += String(chunk)), cb()) }) });
    const app: TestApp = Object.assign(utvag, { db: utvag.database.db, logs: () => logged });
    return {
      app,
      adminUrl: utvag.ownerUrl,
      // The embedded server's lines arrive in the application log.
      postgresLog: async () => logged,
      stop: async () => {
        await utvag.stop();
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  }
  const database: TestDatabase = await createTestDatabase(target);
  const startSize = (await fs.stat(SERVER_LOG)).size;
  const app = await startTestApp(database.url, env, { listen: true });
  return {
    app,
    adminUrl: target.adminUrl,
    postgresLog: async () => {
      const fh = await fs.open(SERVER_LOG, 'r');
      try {
        const size = (await fh.stat()).size;
        const from = size >= startSize ? startSize : 0; // rotated meanwhile: read it all
        const buf = Buffer.alloc(size - from);
        await fh.read(buf, 0, buf.length, from);
        return buf.toString('utf8');
      } finally {
        await fh.close();
      }
    },
    stop: async () => {
      await app.stop();
      await database.drop();
    },
  };
}

describe.each(databaseTargets())('no personal data in the application’s or PostgreSQL’s log ($name)', (target) => {
  let env: Awaited<ReturnType<typeof start>>;
  let app: TestApp;
  let worker: TestClient;
  let unit: string;
  const probe = `utvag-log-probe-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    env = await start(target);
    app = env.app;
    unit = await unitId(app.db, 'Vuxenenheten (loggtest)', 'adult');
    worker = await new TestClient(app.app).signIn(await makeUser(app.db, [{ role: 'caseworker', unit: 'Vuxenenheten (loggtest)' }]));
  });
  afterAll(async () => {
    await env?.stop();
  });

  test('every capability handles the person’s data and no log holds any of it', async () => {
    const identified = (pnr: string, extra: Record<string, unknown> = {}) =>
      makeContact(
        { statedAge: null, unitId: unit, summary: `${P.name} ringde från ${P.phone} och bor på ${P.address}.` },
        { identityMode: 'identified', personnummer: pnr, name: P.name, address: P.address, phone: P.phone, email: P.email, ...extra },
      );

    // ---- Intake ----
    const reg = await worker.post('/api/intake/contacts', identified(P.pnr));
    expect(reg.status).toBe(201);
    const caseId = reg.body.case.id as string;
    const personId = reg.body.personId as string;
    const refused = await worker.post('/api/intake/contacts', identified(P.badPnr));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('personnummer.checksum');
    // Invalid contact details, refused by the schema (the values travel in the error path).
    expect((await worker.post('/api/intake/contacts', identified(P.otherPnr, { phone: `${P.phone} ${P.name}`, email: `${P.name}@` }))).status).toBe(400);
    // The same person again (found, not duplicated) …
    const again = await worker.post('/api/intake/contacts', identified(P.pnr));
    expect(again.status).toBe(201);
    expect(again.body.personId).toBe(personId);
    // … and a new person registered eight times at once: one person, never an error, nothing in any log.
    const race = await Promise.all(Array.from({ length: 8 }, () => worker.post('/api/intake/contacts', identified(P.racePnr))));
    expect(race.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(race.map((r) => r.body.personId)).size).toBe(1);

    // ---- Persons ----
    const person = await worker.get(`/api/persons/${personId}`);
    expect(person.status).toBe(200);
    expect(person.body.name).toBe(P.name);
    const edited = await worker.patch(`/api/persons/${personId}`, { version: person.body.version, address: P.newAddress, phone: '0707391462', protection: 'skyddad_folkbokforing' });
    expect(edited.status).toBe(200);
    expect((await worker.patch(`/api/persons/${personId}`, { version: person.body.version, address: P.address })).status).toBe(409);
    expect((await worker.patch(`/api/persons/${personId}`, { version: edited.body.version, phone: `ring ${P.name}` })).status).toBe(400);
    const opened = await worker.post(`/api/persons/${personId}/open-protected`, { reason: `Hembesök hos ${P.name}` });
    expect(opened.status).toBe(200);
    expect(opened.body.address).toBe(P.newAddress);

    // ---- Case search, by name and by personnummer in several spellings ----
    for (const query of [P.name, 'Loggfri', P.pnr, P.pnr.slice(2), P.pnr.replace('-', ''), P.otherPnr]) {
      const found = await worker.post('/api/cases/search', { query });
      expect(found.status, query).toBe(200);
    }
    expect((await worker.post('/api/cases/search', { query: `${P.pnr} ${'x'.repeat(120)}` })).status).toBe(400);

    // ---- Journal ----
    const entry = await worker.post(`/api/cases/${caseId}/journal`, { text: `Samtal med ${P.name} (${P.pnr}), ${P.phone}, ${P.address}.`, sign: true });
    expect(entry.status).toBe(201);
    const edit = await worker.patch(`/api/cases/${caseId}/journal/${entry.body.id}`, { text: `Ändrat: ${P.name} ${P.pnr}` });
    expect(edit.status).toBe(409);
    expect((await worker.post(`/api/cases/${caseId}/journal`, { text: `${P.name} ${P.pnr} `.repeat(2000) })).status).toBe(400);

    // ---- Chat: a visitor's message and an offline message ----
    await openAllWeek(app);
    const visitor = await startVisitor(app);
    visitor.ws.send({ type: 'message', body: `Hej, jag heter ${P.name}, ring mig på ${P.phone} eller ${P.pnr}`, clientId: 'c1' });
    await visitor.ws.next(type('ack'));
    await visitor.ws.close();
    const offline = await app.app.inject({ method: 'POST', url: '/api/chat/visitor/offline', payload: { targetGroup: 'selling', language: 'sv', body: `Ring ${P.name} på 0707391462 (${P.email})` } });
    expect(offline.statusCode).toBe(201);

    // ---- OpenID Connect: an issuer that does not answer, and a callback with personal data in it ----
    expect((await app.app.inject({ method: 'GET', url: '/api/auth/oidc/start' })).statusCode).toBeGreaterThanOrEqual(400);
    const callback = await app.app.inject({
      method: 'GET',
      url: `/api/auth/oidc/callback?error=access_denied&error_description=${encodeURIComponent(`${P.name} ${P.pnr}`)}&state=${encodeURIComponent(P.email)}`,
    });
    expect(callback.statusCode).toBe(302);

    // ---- Organisation: a staff account with the same fictional person's name, and its username taken twice ----
    const admin = await new TestClient(app.app).signIn(await makeUser(app.db, [{ role: 'administrator' }]));
    const account = { username: 'vendela.loggfri', displayName: P.name, email: P.email, kind: 'staff', initialPassword: 'ett lösenord för loggtestet', grants: [{ role: 'caseworker', unitId: unit }] };
    expect((await admin.post('/api/organisation/users', account)).status).toBe(201);
    const taken = await admin.post('/api/organisation/users', { ...account, username: 'Vendela.Loggfri' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toBe('usernameTaken');

    // ---- The logs ----
    // A probe proves we read the right PostgreSQL log, and (logged last) that all before it is there.
    const superuser = new pg.Client({ connectionString: env.adminUrl });
    await superuser.connect();
    await superuser.query(`do $$ begin raise log '${probe}'; end $$`);
    await superuser.end();
    await expect.poll(async () => (await env.postgresLog()).includes(probe), { timeout: 20_000 }).toBe(true);

    const appLog = app.logs();
    expect(appLog).toContain('"route":"/api/intake/contacts"'); // the requests were logged, at trace
    expect(appLog).toContain('"route":"/api/cases/search"');
    expect(leaks(appLog), 'the application log').toEqual([]);
    expect(leaks(await env.postgresLog()), 'PostgreSQL’s log').toEqual([]);
  });
});
