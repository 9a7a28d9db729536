import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { createTestDatabase, databaseTargets, openAsUtvag, type TestDatabase, useTestDatabase } from '../../testing/databases.ts';
import { runCli } from '../../testing/processes.ts';
import { SYSTEM_ACTOR, writeAudit, type AuditEntry } from './audit.ts';
import { GENESIS_HASH, linkHash, sealAudit, verifyAuditChain } from './chain.ts';

const entry = (n: number): AuditEntry => ({ action: 'read', recordType: 'test_record', recordId: `r${n}`, fields: ['name'], purpose: 'chain test' });

async function countEntries(h: DatabaseHandle): Promise<number> {
  const r = await h.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function writeEntries(h: DatabaseHandle, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await h.db.transaction().execute((tx) => writeAudit(tx, SYSTEM_ACTOR, entry(i)));
}

describe('a link of the chain', () => {
  it('is the SHA-256 of the previous link, a newline and the entry, in hex: the seals every database already holds', () => {
    const canonical = '42\u001f2026-03-01T10:00:00.000000Z\u001fÅsa Fiktiv läste';
    const sealed = createHash('sha256').update(GENESIS_HASH).update('\n').update(canonical, 'utf8').digest('hex');
    expect(linkHash(GENESIS_HASH, canonical)).toBe(sealed);
    expect(linkHash(sealed, canonical)).toBe(createHash('sha256').update(`${sealed}\n${canonical}`).digest('hex'));
  });
});

describe.each(databaseTargets())('audit log and hash chain on $name', (target) => {
  const database = useTestDatabase(target);
  let app: DatabaseHandle;
  let sealer: DatabaseHandle;
  let owner: DatabaseHandle;

  beforeAll(async () => {
    ({ app, sealer } = await openAsUtvag(database.url, 30));
    owner = openDatabase(database.url, 2, { asAppRole: false });
  });
  afterAll(async () => {
    await app?.close();
    await sealer?.close();
    await owner?.close();
  });

  it('runs as the application role', async () => {
    const { rows } = await sql<{ role: string }>`select current_user as role`.execute(app.db);
    expect(rows[0]!.role).toBe('utvag_app');
  });

  it('leaves no entry when the transaction rolls back', async () => {
    const before = await countEntries(app);
    await expect(
      app.db.transaction().execute(async (tx) => {
        await writeAudit(tx, SYSTEM_ACTOR, entry(1));
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await countEntries(app)).toBe(before);
  });

  it('fails the action when its audit entry cannot be written', async () => {
    const name = `Enhet ${Math.random()}`;
    await expect(
      app.db.transaction().execute(async (tx) => {
        await tx.insertInto('units').values({ name, kind: 'other' }).execute();
        await writeAudit(tx, SYSTEM_ACTOR, { ...entry(1), personId: 'not-a-uuid' });
      }),
    ).rejects.toThrow();
    expect(await app.db.selectFrom('units').select('id').where('name', '=', name).execute()).toEqual([]);
  });

  it('cannot leave the application role for the owner, nor write seals; the sealer can only read the log and add seals', async () => {
    // Any SQL the application runs, injected or not, stays within its login role.
    await app.db.connection().execute(async (conn) => {
      await sql`set role none`.execute(conn);
      const { rows } = await sql<{ user: string; owner: string }>`select current_user as user, (select pg_get_userbyid(relowner) from pg_class where relname = 'audit_log') as owner`.execute(conn);
      expect(rows[0]!.user).toMatch(/^utvag_app_[0-9a-f]{12}$/);
      expect(rows[0]!.user).not.toBe(rows[0]!.owner);
      await expect(sql`alter table audit_log disable trigger user`.execute(conn)).rejects.toMatchObject({ code: '42501' });
      await expect(sql`set role postgres`.execute(conn)).rejects.toMatchObject({ code: '42501' });
      await sql`reset role`.execute(conn);
    });
    await writeEntries(app, 1);
    await expect(sql`insert into audit_seal (audit_id, hash) values (1, 'forged')`.execute(app.db)).rejects.toMatchObject({ code: '42501' });
    await expect(sql`select * from login_credentials`.execute(app.db)).rejects.toMatchObject({ code: '42501' });
    await expect(sql`update audit_reviews set finding = 'rewritten'`.execute(app.db)).rejects.toMatchObject({ code: '42501' });
    await expect(sql`delete from audit_reviews`.execute(app.db)).rejects.toMatchObject({ code: '42501' });
    expect(await sealAudit(sealer.db)).toBeGreaterThanOrEqual(1);
    await expect(sql`update audit_log set purpose = 'rewritten'`.execute(sealer.db)).rejects.toMatchObject({ code: '42501' });
    await expect(sql`select count(*) from units`.execute(sealer.db)).rejects.toMatchObject({ code: '42501' });
  });

  it.each([
    ['update audit_log', sql`update audit_log set purpose = 'rewritten'`],
    ['delete from audit_log', sql`delete from audit_log`],
    ['truncate audit_log', sql`truncate audit_log`],
    ['update audit_seal', sql`update audit_seal set hash = 'x'`],
    ['delete from audit_seal', sql`delete from audit_seal`],
    ['truncate audit_seal', sql`truncate audit_seal`],
  ])('refuses the application role to %s', async (_what, statement) => {
    await writeEntries(app, 1);
    await sealAudit(sealer.db);
    await expect(statement.execute(app.db)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied/) });
  });

  it('seals every entry, in order and without holes, while many writers append concurrently', async () => {
    const before = await countEntries(app);
    let writing = true;
    const sealing = (async () => {
      let rounds = 0;
      while (writing || rounds === 0) {
        await sealAudit(sealer.db, 7);
        rounds++;
      }
      return rounds;
    })();
    const writers = Array.from({ length: 24 }, async (_, w) => {
      for (let t = 0; t < 8; t++) {
        await app.db
          .transaction()
          .execute(async (tx) => {
            await writeAudit(tx, SYSTEM_ACTOR, [entry(w), entry(t)]);
            // Half the writers hold their ids uncommitted for a while, so that later ids commit first.
            if (w % 2 === 0) await sql`select pg_sleep(${0.01 + Math.random() * 0.03})`.execute(tx);
            // Some transactions roll back after drawing ids: their ids become gaps in the chain.
            if ((w + t) % 5 === 0) throw new Error('rolled back');
            await writeAudit(tx, SYSTEM_ACTOR, entry(t + 100));
          })
          .catch(() => {});
      }
    });
    await Promise.all(writers);
    writing = false;
    expect(await sealing).toBeGreaterThan(0);
    await sealAudit(sealer.db);

    const written = (await countEntries(app)) - before;
    expect(written).toBeGreaterThan(24 * 8 * 2);
    const report = await verifyAuditChain(app.db, { windowSize: 50 });
    expect(report).toMatchObject({ ok: true, unsealed: 0, firstBroken: null });
    expect(report.checked).toBe(await countEntries(app));
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_log l full join audit_seal s on s.audit_id = l.id where s.audit_id is null or l.id is null`.execute(app.db);
    expect(rows[0]!.n).toBe(0);
  });

  describe('tampering by someone with the owner rights', () => {
    // Each case gets a chain of its own: a fresh database with entries 1..8 sealed and a gap at 5.
    async function sealedChain(): Promise<{ db: TestDatabase; app: DatabaseHandle; owner: DatabaseHandle }> {
      const db = await createTestDatabase(target);
      const a = openDatabase(db.url, 4);
      const o = openDatabase(db.url, 2, { asAppRole: false });
      await writeEntries(a, 4);
      await a.db
        .transaction()
        .execute(async (tx) => {
          await writeAudit(tx, SYSTEM_ACTOR, entry(5));
          throw new Error('rolled back: its id stays unused');
        })
        .catch(() => {});
      await writeEntries(a, 3);
      await sealAudit(o.db);
      await sql`alter table audit_log disable trigger user; alter table audit_seal disable trigger user`.execute(o.db);
      return { db, app: a, owner: o };
    }
    async function ids(h: DatabaseHandle): Promise<number[]> {
      return (await h.db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => Number(r.id));
    }

    it('reports a modified entry as the first broken link', async () => {
      const chain = await sealedChain();
      try {
        expect((await verifyAuditChain(chain.app.db)).ok).toBe(true);
        const victim = (await ids(chain.app))[2]!;
        await sql`update audit_log set purpose = 'nothing to see here' where id = ${victim}`.execute(chain.owner.db);
        expect((await verifyAuditChain(chain.app.db)).firstBroken).toEqual({ auditId: victim, problem: 'modified' });

        const cli = await runCli(['verify-audit'], { DATABASE_URL: chain.db.url });
        expect(cli.code, cli.output).toBe(2);
        expect(cli.output).toContain(`#${victim}: modified`);
      } finally {
        await chain.app.close();
        await chain.owner.close();
        await chain.db.drop();
      }
    });

    it('reports a deleted entry as the first broken link', async () => {
      const chain = await sealedChain();
      try {
        const victim = (await ids(chain.app))[4]!;
        await sql`delete from audit_log where id = ${victim}`.execute(chain.owner.db);
        expect((await verifyAuditChain(chain.app.db)).firstBroken).toEqual({ auditId: victim, problem: 'deleted' });
      } finally {
        await chain.app.close();
        await chain.owner.close();
        await chain.db.drop();
      }
    });

    it('reports an entry inserted between sealed ones as the first broken link', async () => {
      const chain = await sealedChain();
      try {
        const present = await ids(chain.app);
        const gap = present.find((id, i) => i > 0 && id - present[i - 1]! > 1)! - 1;
        expect(gap).toBeGreaterThan(0);
        await sql`insert into audit_log (id, at, action, record_type, purpose) values (${gap}, now() - interval '1 day', 'read', 'test_record', 'planted')`.execute(chain.owner.db);
        expect((await verifyAuditChain(chain.app.db)).firstBroken).toEqual({ auditId: gap, problem: 'unsealed-between-sealed' });
      } finally {
        await chain.app.close();
        await chain.owner.close();
        await chain.db.drop();
      }
    });
  });

  it('verify-audit exits 0 on an intact chain', async () => {
    const cli = await runCli(['verify-audit'], { DATABASE_URL: database.url });
    expect(cli.code, cli.output).toBe(0);
    expect(cli.output).toMatch(/Audit chain intact: \d+ entries verified/);
  });
});
