import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db/database.ts';
import { makeUser, unitId } from '../testing/app.ts';
import { createTestDatabase, databaseTargets, type TestDatabase, type TestDatabaseTarget } from '../testing/databases.ts';
import { HttpSession } from '../testing/http-session.ts';
import { exitWithin, freePort, isAlive, postmasterPid, runCli, runTs, waitFor, type ChildRun } from '../testing/processes.ts';

/**
 * Kill -9 during a burst of writes: every write Utväg acknowledged must survive with all its parts
 * (a user with its roles and its audit entry), and nothing may be half-written.
 */
interface Setup {
  env: Record<string, string>;
  /** Owner URL of the database Utväg uses (known once Utväg has started, for the embedded one). */
  ownerUrl(): Promise<string>;
  /** Everything a crash takes down besides the Utväg process. */
  crashDatabase(): Promise<void>;
  cleanup(): Promise<void>;
}

async function setupFor(target: TestDatabaseTarget): Promise<Setup> {
  const port = String(await freePort());
  if (target.name === 'postgres-server') {
    const database: TestDatabase = await createTestDatabase(target, { migrated: false });
    return {
      env: { DATABASE_URL: database.url, PORT: port },
      ownerUrl: async () => database.url,
      crashDatabase: async () => {},
      cleanup: () => database.drop(),
    };
  }
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'utvag-crash-'));
  await fs.chmod(dataDir, 0o755);
  const pgPort = await freePort();
  const pgDir = path.join(dataDir, 'postgres');
  return {
    env: { UTVAG_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: port },
    ownerUrl: async () => {
      const password = (await fs.readFile(`${pgDir}.password`, 'utf8')).trim();
      return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/utvag`;
    },
    // A machine crash: the postmaster and every backend die at once, nothing shuts down in order.
    crashDatabase: async () => {
      const pid = (await postmasterPid(pgDir))!;
      const children = await childrenOf(pid);
      process.kill(pid, 'SIGKILL');
      for (const c of children) {
        // A backend may already be gone (it exits when it sees the postmaster die).
        try {
          process.kill(c, 'SIGKILL');
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
        }
      }
      await waitFor(() => ![pid, ...children].some(isAlive), 10_000, 'postgres to die');
    },
    cleanup: () => fs.rm(dataDir, { recursive: true, force: true }),
  };
}

async function childrenOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) out.push(Number(entry));
  }
  return out;
}

describe.each(databaseTargets())('a crash during a burst of writes on $name', (target) => {
  let setup: Setup;
  let utvag: ChildRun | undefined;

  beforeAll(async () => {
    setup = await setupFor(target);
  });
  afterAll(async () => {
    if (utvag && utvag.child.exitCode === null) {
      utvag.child.kill('SIGTERM');
      await utvag.exited;
    }
    await setup.cleanup();
  });

  it('loses no acknowledged write and leaves nothing half-written', async () => {
    utvag = runTs(['start'], { ...setup.env, RUN_JOBS: 'false' });
    await utvag.waitForOutput('Utväg is ready', 90_000);
    const baseUrl = `http://127.0.0.1:${setup.env.PORT}`;
    const ownerUrl = await setup.ownerUrl();
    const owner = openDatabase(ownerUrl, 4, { asAppRole: false });
    try {
      const admin = await makeUser(owner.db, [{ role: 'administrator' }]);
      const unit = await unitId(owner.db, 'Nexus – vuxna', 'adult');
      const session = await new HttpSession(baseUrl).signIn(admin);

      // The burst: writers keep going until the server dies under them.
      const acked = { units: new Map<string, string>(), users: new Map<string, string>() };
      let sent = 0;
      let killed = false;
      const writer = async (w: number) => {
        for (let i = 0; !killed; i++) {
          const n = `${w}-${i}`;
          sent++;
          try {
            if (i % 2 === 0) {
              const r = await session.request<{ id: string }>('POST', '/api/organisation/units', { name: `Krasch-enhet ${n}`, kind: 'other' });
              if (r.status === 201) acked.units.set(r.body.id, `Krasch-enhet ${n}`);
              else if (!killed) throw new Error(`unexpected ${r.status}`);
            } else {
              const r = await session.request<{ id: string }>('POST', '/api/organisation/users', {
                username: `krasch.${n}`,
                displayName: `Fiktiv Person ${n}`,
                kind: 'staff',
                initialPassword: 'a fictional initial password',
                grants: [{ role: 'caseworker', unitId: unit }, { role: 'coordinator', unitId: unit }],
              });
              if (r.status === 201) acked.users.set(r.body.id, `krasch.${n}`);
              else if (!killed) throw new Error(`unexpected ${r.status}`);
            }
          } catch (err) {
            if (!killed) throw err;
          }
        }
      };
      const writers = Array.from({ length: 16 }, (_, w) => writer(w).catch((err: Error) => err));
      await waitFor(() => acked.units.size + acked.users.size >= 40, 30_000, 'acknowledged writes');
      utvag.child.kill('SIGKILL');
      killed = true;
      await setup.crashDatabase();
      await utvag.exited;
      const errors = (await Promise.all(writers)).filter((e) => e instanceof Error);
      expect(errors).toEqual([]);
      expect(sent).toBeGreaterThan(acked.units.size + acked.users.size);
      await owner.close();

      utvag = runTs(['start'], { ...setup.env, RUN_JOBS: 'false' });
      await utvag.waitForOutput('Utväg is ready', 90_000);
      const after = openDatabase(await setup.ownerUrl(), 2, { asAppRole: false });
      try {
        const units = new Map((await after.db.selectFrom('units').select(['id', 'name']).where('name', 'like', 'Krasch-enhet %').execute()).map((u) => [u.id, u.name]));
        const users = await after.db.selectFrom('users').select(['id', 'username']).where('username', 'like', 'krasch.%').execute();
        const roles = await after.db.selectFrom('user_roles').select(['user_id', 'role', 'unit_id']).where('user_id', 'in', users.length ? users.map((u) => u.id) : ['00000000-0000-0000-0000-000000000000']).execute();
        const creates = await after.db.selectFrom('audit_log').select(['record_type', 'record_id', 'actor_user_id']).where('action', '=', 'create').execute();
        const audited = new Set(creates.map((c) => `${c.record_type}:${c.record_id}`));

        for (const [id, name] of acked.units) {
          expect(units.get(id), `acknowledged unit ${name}`).toBe(name);
        }
        const userById = new Map(users.map((u) => [u.id, u.username]));
        for (const [id, username] of acked.users) expect(userById.get(id), `acknowledged user ${username}`).toBe(username);

        // Nothing half-written: every user present has both its roles and its audit entry,
        // every unit its audit entry, and every audited creation its record.
        for (const u of users) {
          expect(roles.filter((r) => r.user_id === u.id).map((r) => r.role).sort(), u.username).toEqual(['caseworker', 'coordinator']);
          expect(audited.has(`user:${u.id}`), `audit entry of ${u.username}`).toBe(true);
        }
        for (const id of units.keys()) expect(audited.has(`unit:${id}`), `audit entry of unit ${id}`).toBe(true);
        for (const c of creates.filter((c) => c.actor_user_id === admin.id)) {
          const exists = c.record_type === 'unit' ? units.has(c.record_id!) : userById.has(c.record_id!);
          expect(exists, `record of audited ${c.record_type} ${c.record_id}`).toBe(true);
        }
      } finally {
        await after.close();
      }

      // The restarted Utväg runs; verify-audit attaches to its database and finds the chain intact.
      const verify = await runCli(['verify-audit'], setup.env);
      expect(verify.code, verify.output).toBe(0);
      expect(verify.output).toContain('Audit chain intact');
      utvag.child.kill('SIGTERM');
      expect((await exitWithin(utvag, 30_000)).code).toBe(0);
    } finally {
      await owner.close().catch(() => {});
    }
  }, 180_000);
});
