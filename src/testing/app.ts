import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { capabilities } from '../capabilities.ts';
import { startUtvag, type RunningUtvag } from '../core/app.ts';
import { loadConfig } from '../core/config.ts';
import { hashPassword } from '../core/auth/passwords.ts';
import { currentTotp, newTotpSecret } from '../core/auth/totp.ts';
import { makeKeyring } from '../core/auth/totp-keys.ts';
import type { Grant, Role } from '../core/access/policy.ts';
import type { Db } from '../core/db/database.ts';

/** Files an app writes (audit checkpoints) go here, never into the working tree. */
// One folder per database, as in production (a data folder belongs to one database): the audit
// checkpoints written there are compared with that database's chain.
const testDataDir = (ownerUrl: string) => path.join(os.tmpdir(), 'utvag-test-data', createHash('sha256').update(ownerUrl).digest('hex').slice(0, 16));

export const TEST_PASSWORD = 'correct horse battery staple';
/** The TOTP encryption key of test apps (fictional; 32 bytes in base64). */
export const TEST_TOTP_KEY = Buffer.from('utvag test totp key, 32 bytes!!!').toString('base64');
const testKeyring = makeKeyring(Buffer.from(TEST_TOTP_KEY, 'base64'));

export interface TestApp extends RunningUtvag {
  db: Db;
  /** Everything the application logged, for checks that no personal data reached the log. */
  logs(): string;
}

/** Starts Utväg in-process on a test database (no listening socket unless asked). */
export async function startTestApp(ownerUrl: string, env: Record<string, string> = {}, options: { listen?: boolean; clock?: () => Date } = {}): Promise<TestApp> {
  let logged = '';
  const logDestination = new Writable({
    write(chunk, _enc, cb) {
      logged += chunk.toString();
      cb();
    },
  });
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', RUN_JOBS: 'false', PORT: '0', LOGIN_RATE_LIMIT_PER_MINUTE: '100000', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000', SESSION_SECRET: 'test-secret-test-secret-test-secret-123', TOTP_ENCRYPTION_KEY: TEST_TOTP_KEY, UTVAG_DATA_DIR: testDataDir(ownerUrl), ...env });
  const utvag = await startUtvag(config, { capabilities, ownerUrl, logDestination, listen: options.listen ?? false, clock: options.clock });
  return Object.assign(utvag, { db: utvag.database.db, logs: () => logged });
}

let counter = 0;

// One argon2id hash of the test password (Utväg's own parameters) per test process, shared by every
// test user: hashing costs as much CPU as a sign-in, and a test makes hundreds of users. Sign-ins
// still verify against a real hash; a test that sets a password hashes it through Utväg.
let passwordHash: Promise<string> | undefined;
const testPasswordHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

export interface TestUser {
  id: string;
  username: string;
  totpSecret: string;
}

/** A staff or partner account with the given roles, enrolled in TOTP. Units are created on demand. */
export async function makeUser(
  db: Db,
  roles: Array<{ role: Role; unit?: string | null }>,
  overrides: { kind?: 'staff' | 'partner'; displayName?: string; username?: string } = {},
): Promise<TestUser> {
  counter += 1;
  const username = overrides.username ?? `user${process.pid}_${counter}`;
  const totpSecret = newTotpSecret();
  const user = await db
    .insertInto('users')
    .values({
      username,
      display_name: overrides.displayName ?? `Test User ${counter}`,
      email: null,
      kind: overrides.kind ?? (roles.some((r) => r.role === 'external_partner') ? 'partner' : 'staff'),
      partner_organisation: null,
      password_hash: await testPasswordHash(),
      // Stored as Utväg stores it: encrypted under the test apps' key.
      totp_secret: testKeyring.seal(totpSecret),
      totp_enabled_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const grants: Grant[] = [];
  for (const r of roles) grants.push({ role: r.role, unitId: r.unit === undefined || r.unit === null ? null : await unitId(db, r.unit) });
  if (grants.length) await db.insertInto('user_roles').values(grants.map((g) => ({ user_id: user.id, role: g.role, unit_id: g.unitId }))).execute();
  return { id: user.id, username, totpSecret };
}

export async function unitId(db: Db, name: string, kind = 'other'): Promise<string> {
  const found = await db.selectFrom('units').select('id').where('name', '=', name).executeTakeFirst();
  if (found) return found.id;
  return (await db.insertInto('units').values({ name, kind }).returning('id').executeTakeFirstOrThrow()).id;
}

export { currentTotp };
