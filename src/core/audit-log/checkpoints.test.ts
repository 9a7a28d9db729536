import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../../testing/databases.ts';
import { runCli } from '../../testing/processes.ts';
import { SYSTEM_ACTOR, writeAudit } from './audit.ts';
import { sealAudit, verifyAuditChain } from './chain.ts';
import { CHECKPOINT_FILE, checkpointKey, checkpointLine, CheckpointWriter, parseCheckpoints, readCheckpointFile, reviewHeads } from './checkpoints.ts';

const SECRET = 'checkpoint-test-secret-checkpoint-test-secret';
const key = checkpointKey(SECRET);
const HASH = 'ab'.repeat(32);

describe('checkpoint lines', () => {
  it('are read back with their signature checked', () => {
    const line = checkpointLine(key, { auditId: 42, hash: HASH }, new Date('2026-12-02T10:00:00Z'));
    expect(parseCheckpoints(line + '\n', key)).toEqual({ heads: [{ auditId: 42, hash: HASH, source: `${CHECKPOINT_FILE}:1` }], forged: [] });
  });

  it('with another id, hash, time or key, are reported as forged', () => {
    const line = checkpointLine(key, { auditId: 42, hash: HASH }, new Date('2026-12-02T10:00:00Z'));
    const variants = [line.replace(' 42 ', ' 41 '), line.replace(HASH, 'cd'.repeat(32)), line.replace('10:00', '11:00'), 'not a checkpoint'];
    expect(parseCheckpoints([line, ...variants].join('\n'), key).forged).toEqual([2, 3, 4, 5]);
    expect(parseCheckpoints(line, checkpointKey('another-secret-another-secret-another')).forged).toEqual([1]);
  });
});

describe.each(databaseTargets())('heads recorded outside the chain catch what the chain alone cannot ($name)', (target) => {
  let database: TestDatabase;
  let app: DatabaseHandle;
  let owner: DatabaseHandle;
  let dataDir: string;
  let headId: number;

  beforeEach(async () => {
    database = await createTestDatabase(target);
    app = openDatabase(database.url, 4);
    owner = openDatabase(database.url, 2, { asAppRole: false });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'utvag-checkpoints-'));
    for (let i = 0; i < 8; i++) await app.db.transaction().execute((tx) => writeAudit(tx, SYSTEM_ACTOR, { action: 'read', recordType: 'test_record', recordId: `r${i}`, purpose: 'checkpoint test' }));
    await sealAudit(owner.db);
    const line = await new CheckpointWriter(dataDir, key, 60_000).maybeWrite(app.db, true);
    expect(line).not.toBeNull();
    headId = Number(line!.split(' ')[1]);
    // What an owner or superuser can do: switch the append-only triggers off.
    await sql`alter table audit_log disable trigger user; alter table audit_seal disable trigger user`.execute(owner.db);
  });
  afterEach(async () => {
    await app?.close();
    await owner?.close();
    await database?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function truncateAfter(id: number) {
    await sql`delete from audit_seal where audit_id > ${id}`.execute(owner.db);
    await sql`delete from audit_log where id > ${id}`.execute(owner.db);
  }
  const heads = async () => [...(await readCheckpointFile(dataDir, key)).heads, ...(await reviewHeads(app.db))];
  const cli = () => runCli(['verify-audit'], { DATABASE_URL: database.url, UTVAG_DATA_DIR: dataDir, SESSION_SECRET: SECRET });

  it('the newest entries deleted with their seals: the chain still verifies, the checkpoint does not', async () => {
    await truncateAfter(headId - 3);
    expect((await verifyAuditChain(app.db)).ok).toBe(true);
    expect((await verifyAuditChain(app.db, { heads: await heads() })).firstBroken).toEqual({ auditId: headId, problem: 'truncated', source: `${CHECKPOINT_FILE}:1` });
    const run = await cli();
    expect(run.code, run.output).toBe(2);
    expect(run.output).toContain(`#${headId}: truncated (recorded in ${CHECKPOINT_FILE}:1)`);
  });

  it('an entry changed and every seal after it recomputed: the chain still verifies, the checkpoint does not', async () => {
    const victim = headId - 4;
    await sql`update audit_log set purpose = 'nothing to see here' where id = ${victim}`.execute(owner.db);
    await sql`delete from audit_seal where audit_id >= ${victim}`.execute(owner.db);
    await sealAudit(owner.db); // the owner reseals with Utväg's own sealer
    expect((await verifyAuditChain(app.db)).ok).toBe(true);
    expect((await verifyAuditChain(app.db, { heads: await heads() })).firstBroken).toMatchObject({ auditId: headId, problem: 'rewritten' });
    const run = await cli();
    expect(run.code, run.output).toBe(2);
    expect(run.output).toContain(`#${headId}: rewritten`);
  });

  it('the head saved with a log review is compared too', async () => {
    await fs.rm(path.join(dataDir, CHECKPOINT_FILE));
    const reviewer = await owner.db.insertInto('users').values({ username: 'granskare', display_name: 'Granskare', email: null, kind: 'staff', partner_organisation: null, password_hash: null, totp_secret: null, totp_enabled_at: null }).returning('id').executeTakeFirstOrThrow();
    const seal = await app.db.selectFrom('audit_seal').select(['audit_id', 'hash']).where('audit_id', '=', headId).executeTakeFirstOrThrow();
    const review = await owner.db.insertInto('audit_reviews').values({ reviewer_id: reviewer.id, period_from: '2026-11-01', period_to: '2026-11-30', scope: 'test', finding: 'inget att anmärka', chain_head_id: seal.audit_id, chain_head_hash: seal.hash }).returning('id').executeTakeFirstOrThrow();
    expect((await verifyAuditChain(app.db, { heads: await heads() })).ok).toBe(true);
    await truncateAfter(headId - 2);
    expect((await verifyAuditChain(app.db, { heads: await heads() })).firstBroken).toEqual({ auditId: headId, problem: 'truncated', source: `log review ${review.id}` });
  });

  it('a checkpoint line with a wrong signature fails the verification', async () => {
    await fs.appendFile(path.join(dataDir, CHECKPOINT_FILE), checkpointLine(checkpointKey('a guess at the key, a guess at the key'), { auditId: headId, hash: HASH }, new Date()) + '\n');
    const run = await cli();
    expect(run.code, run.output).toBe(2);
    expect(run.output).toContain('wrong signature (forged or damaged): 2');
  });

  it('an untouched chain verifies against its checkpoints', async () => {
    const run = await cli();
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('Compared with 1 signed checkpoints');
  });
});
