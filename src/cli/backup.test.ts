import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, writeAudit } from '../core/audit-log/audit.ts';
import { openDatabase } from '../core/db/database.ts';
import { makeUser, startTestApp, unitId } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestDatabase } from '../testing/databases.ts';
import { freePort, runCli } from '../testing/processes.ts';
import { startEmbeddedPostgres } from '../core/db/embedded.ts';
import { pgConnection, pgDumpCommand, pgRestoreCommand } from './pg-tools.ts';

const server = databaseTargets().find((t) => t.name === 'postgres-server')!;

async function withOwner<T>(url: string, fn: (db: ReturnType<typeof openDatabase>['db']) => Promise<T>): Promise<T> {
  const h = openDatabase(url, 2, { asAppRole: false });
  try {
    return await fn(h.db);
  } finally {
    await h.close();
  }
}

/**
 * Wrappers for pg_dump and pg_restore, first on a PATH, that record the arguments they were given
 * (what `ps` and /proc/<pid>/cmdline show every user) and whether PGPASSWORD was set, then run the real tool.
 */
async function spyOnPgTools(dir: string) {
  const bin = path.join(dir, 'spy-bin');
  await fs.mkdir(bin, { recursive: true });
  for (const tool of ['pg_dump', 'pg_restore']) {
    const real = execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
    const script = `#!/bin/sh\nprintf '%s\\n' "$@" > "${bin}/${tool}.argv"\nif [ -n "$PGPASSWORD" ]; then echo yes; else echo no; fi > "${bin}/${tool}.env"\nexec "${real}" "$@"\n`;
    await fs.writeFile(path.join(bin, tool), script, { mode: 0o755 });
  }
  return {
    path: `${bin}:${process.env.PATH ?? ''}`,
    async calls(tool: string) {
      const argv = (await fs.readFile(path.join(bin, `${tool}.argv`), 'utf8')).split('\n').filter(Boolean);
      return { argv, hasPassword: (await fs.readFile(path.join(bin, `${tool}.env`), 'utf8')).trim() === 'yes' };
    },
  };
}

describe('the connection given to pg_dump and pg_restore', () => {
  it('keeps the password out of the arguments and passes it as PGPASSWORD', () => {
    const url = 'postgres://utvag:p%40ss%3Aw0rd@db.example:5432/utvag?sslmode=require';
    const dump = pgDumpCommand(url, '/backups/u.dump');
    expect(dump.args.join(' ')).not.toMatch(/p%40ss|p@ss/);
    expect(dump.args).toContain('--dbname=postgres://utvag@db.example:5432/utvag?sslmode=require');
    expect(dump.env).toEqual({ PGPASSWORD: 'p@ss:w0rd' });
    const restore = pgRestoreCommand('postgres://utvag@db.example/utvag?password=secret', '/backups/u.dump');
    expect(restore.args.join(' ')).not.toContain('secret');
    expect(restore.env).toEqual({ PGPASSWORD: 'secret' });
    expect(pgConnection('postgres://utvag@db.example/utvag').env).toEqual({});
  });
});

describe('backup and restore on the PostgreSQL server (DATABASE_URL)', () => {
  const database = useTestDatabase(server);
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'utvag-backup-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('restores the backed-up data (job schema included) and the audit chain still verifies', async () => {
    // A database as a running Utväg leaves it: data, sealed audit entries, graphile-worker's schema.
    const app = await startTestApp(database.url, { RUN_JOBS: 'true' });
    try {
      await unitId(app.db, 'Nexus – vuxna', 'adult');
      await makeUser(app.db, [{ role: 'caseworker', unit: 'Nexus – vuxna' }], { username: 'before.backup' });
      await app.db.transaction().execute((tx) => writeAudit(tx, SYSTEM_ACTOR, { action: 'create', recordType: 'unit', fields: ['name'], purpose: 'backup test' }));
    } finally {
      await app.stop();
    }
    const file = path.join(dir, 'utvag.dump');
    const backup = await runCli(['backup', '--file', file], { DATABASE_URL: database.url });
    expect(backup.code, backup.output).toBe(0);
    expect((await fs.stat(file)).size).toBeGreaterThan(0);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);

    await withOwner(database.url, async (db) => {
      await db.updateTable('units').set({ name: 'Omdöpt efter backup' }).where('name', '=', 'Nexus – vuxna').execute();
      await db.insertInto('units').values({ name: 'Skapad efter backup', kind: 'other' }).execute();
      await db.deleteFrom('users').where('username', '=', 'before.backup').execute();
    });

    const restore = await runCli(['restore', '--file', file], { DATABASE_URL: database.url });
    expect(restore.code, restore.output).toBe(0);

    await withOwner(database.url, async (db) => {
      expect((await db.selectFrom('units').select('name').orderBy('name').execute()).map((u) => u.name)).toEqual(['Nexus – vuxna']);
      expect(await db.selectFrom('users').select('username').execute()).toEqual([{ username: 'before.backup' }]);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.schemata where schema_name = 'graphile_worker'`.execute(db);
      expect(rows[0]!.n).toBe(1);
    });
    const verify = await runCli(['verify-audit'], { DATABASE_URL: database.url });
    expect(verify.code, verify.output).toBe(0);

    // The application role works on the restored database, and it is still denied rewriting history.
    const restored = await startTestApp(database.url, { RUN_JOBS: 'true' });
    try {
      const health = await restored.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.json()).toMatchObject({ database: 'ok', jobs: 'running' });
      const admin = await makeUser(restored.db, [{ role: 'administrator' }]);
      const client = await new TestClient(restored.app).signIn(admin);
      expect((await client.post('/api/organisation/units', { name: 'Efter återställning', kind: 'other' })).status).toBe(201);
      await expect(sql`delete from audit_log`.execute(restored.db)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await restored.stop();
    }
  }, 180_000);
});

describe('encrypted backup and restore on the PostgreSQL server (BACKUP_ENCRYPTION_KEY)', () => {
  const database = useTestDatabase(server);
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'utvag-backup-enc-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** What pg_restore reads out of a backup file as SQL (the data as text), or its failure. */
  const asSql = (file: string) => {
    try {
      return { ok: true, text: execFileSync('pg_restore', ['--data-only', '--file=-', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
    } catch (err) {
      return { ok: false, text: String((err as { stdout?: string }).stdout ?? '') };
    }
  };

  it('writes no personal data in clear, restores with the key, and refuses the wrong key before dropping anything', async () => {
    const app = await startTestApp(database.url);
    try {
      await makeUser(app.db, [{ role: 'caseworker', unit: 'Nexus – vuxna' }], { username: 'encrypted.backup', displayName: 'Fiktiv Krypteradsson' });
    } finally {
      await app.stop();
    }
    const key = randomBytes(32).toString('base64');
    const plainFile = path.join(dir, 'plain.dump');
    const file = path.join(dir, 'encrypted.dump');
    expect((await runCli(['backup', '--file', plainFile], { DATABASE_URL: database.url })).code).toBe(0);
    const backup = await runCli(['backup', '--file', file], { DATABASE_URL: database.url, BACKUP_ENCRYPTION_KEY: key });
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toContain('Encrypted backup (AES-256-GCM');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);

    // The unencrypted dump gives the account's name to anyone who has the file; the encrypted one nothing.
    expect(asSql(plainFile).text).toContain('Fiktiv Krypteradsson');
    const read = asSql(file);
    expect(read.ok).toBe(false);
    expect(read.text).not.toContain('Fiktiv Krypteradsson');
    const bytes = await fs.readFile(file);
    for (const clear of ['Fiktiv Krypteradsson', 'encrypted.backup', 'PGDMP', 'audit_log']) expect(bytes.includes(Buffer.from(clear)), clear).toBe(false);

    await withOwner(database.url, (db) => db.insertInto('units').values({ name: 'Skapad efter krypterad backup', kind: 'other' }).execute());
    const unitsNow = () => withOwner(database.url, async (db) => (await db.selectFrom('units').select('name').execute()).map((u) => u.name));

    const wrongKey = await runCli(['restore', '--file', file], { DATABASE_URL: database.url, BACKUP_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    expect(wrongKey.code).not.toBe(0);
    expect(wrongKey.output).toMatch(/could not be decrypted/);
    const noKey = await runCli(['restore', '--file', file], { DATABASE_URL: database.url });
    expect(noKey.code).not.toBe(0);
    expect(noKey.output).toMatch(/This backup is encrypted/);
    expect(await unitsNow()).toContain('Skapad efter krypterad backup');

    const restore = await runCli(['restore', '--file', file], { DATABASE_URL: database.url, BACKUP_ENCRYPTION_KEY: key });
    expect(restore.code, restore.output).toBe(0);
    expect(restore.output).toContain('(decrypted)');
    expect(await unitsNow()).not.toContain('Skapad efter krypterad backup');
    const users = await withOwner(database.url, (db) => db.selectFrom('users').select('display_name').where('username', '=', 'encrypted.backup').execute());
    expect(users).toEqual([{ display_name: 'Fiktiv Krypteradsson' }]);
    const verify = await runCli(['verify-audit'], { DATABASE_URL: database.url });
    expect(verify.code, verify.output).toBe(0);
  }, 180_000);
});

describe('migrate and create-admin commands on the PostgreSQL server', () => {
  const database = useTestDatabase(server, { migrated: false });

  it('migrates a new database once, then reports it up to date', async () => {
    const first = await runCli(['migrate'], { DATABASE_URL: database.url });
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain('Applied: 0001_core');
    const second = await runCli(['migrate'], { DATABASE_URL: database.url });
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain('The database is up to date.');
  });

  it('creates an administrator who signs in with the one-time password and must enrol TOTP', async () => {
    const created = await runCli(['create-admin', '--username', 'ny.admin', '--name', 'Fiktiv Administratör'], { DATABASE_URL: database.url });
    expect(created.code, created.output).toBe(0);
    const password = /One-time password: (\S+)/.exec(created.output)![1]!;

    const user = await withOwner(database.url, async (db) => {
      const u = await db.selectFrom('users').selectAll().where('username', '=', 'ny.admin').executeTakeFirstOrThrow();
      const roles = await db.selectFrom('user_roles').select(['role', 'unit_id']).where('user_id', '=', u.id).execute();
      expect(roles).toEqual([{ role: 'administrator', unit_id: null }]);
      const audit = await db.selectFrom('audit_log').select(['action', 'record_type']).where('record_id', '=', u.id).execute();
      expect(audit).toEqual([{ action: 'create', record_type: 'user' }]);
      return u;
    });
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(created.output).not.toContain(user.password_hash!);

    const app = await startTestApp(database.url);
    try {
      const client = new TestClient(app.app);
      expect((await client.post('/api/auth/sign-in', { username: 'ny.admin', password })).body).toMatchObject({ next: 'enrol' });
    } finally {
      await app.stop();
    }
    const again = await runCli(['create-admin', '--username', 'ny.admin', '--name', 'Fiktiv Administratör'], { DATABASE_URL: database.url });
    expect(again.code).not.toBe(0);
  }, 120_000);
});

describe('backup and restore on the embedded database', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'utvag-backup-embedded-'));
    await fs.chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('backs up and restores the embedded database through the same commands', async () => {
    const env = { UTVAG_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) };
    expect((await runCli(['create-admin', '--username', 'kept.admin', '--name', 'Fiktiv Ett'], env)).code).toBe(0);
    const file = path.join(dataDir, 'embedded.dump');
    // An older backup left world-readable is narrowed when it is overwritten.
    await fs.writeFile(file, 'old', { mode: 0o644 });
    await fs.chmod(file, 0o644);
    // pg_dump and pg_restore as the CLI runs them: their command lines and environment, recorded.
    const spy = await spyOnPgTools(dataDir);
    const backup = await runCli(['backup', '--file', file], { ...env, PATH: spy.path });
    expect(backup.code, backup.output).toBe(0);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const password = (await fs.readFile(path.join(dataDir, 'postgres.password'), 'utf8')).trim();
    const dumped = await spy.calls('pg_dump');
    expect(dumped.argv.join(' ')).toContain('--dbname=postgres://');
    expect(dumped.argv.join(' ')).not.toContain(password);
    expect(dumped.hasPassword).toBe(true);
    expect((await runCli(['create-admin', '--username', 'lost.admin', '--name', 'Fiktiv Två'], env)).code).toBe(0);

    const restore = await runCli(['restore', '--file', file], { ...env, PATH: spy.path });
    expect(restore.code, restore.output).toBe(0);
    const restored = await spy.calls('pg_restore');
    expect(restored.argv.join(' ')).not.toContain(password);
    expect(restored.hasPassword).toBe(true);
    const verify = await runCli(['verify-audit'], env);
    expect(verify.code, verify.output).toBe(0);

    const server = await startEmbeddedPostgres({ dir: path.join(dataDir, 'postgres'), port: Number(env.EMBEDDED_PG_PORT) });
    try {
      const users = await withOwner(server.urlFor('utvag'), (db) => db.selectFrom('users').select('username').execute());
      expect(users).toEqual([{ username: 'kept.admin' }]);
    } finally {
      await server.stop();
    }
  }, 180_000);
});
