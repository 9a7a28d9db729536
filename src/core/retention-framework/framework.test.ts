import { quickAddJob } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { databaseTargets, useTestDatabase } from '../../testing/databases.ts';
import { makeUser, startTestApp } from '../../testing/app.ts';
import { waitFor } from '../../testing/processes.ts';
import { runRetention, signInResidueRule, type RetentionRule } from './framework.ts';

const DAY = 24 * 60 * 60 * 1000;

describe.each(databaseTargets())('retention on $name', (target) => {
  const database = useTestDatabase(target);
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = openDatabase(database.url, 5);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('runs every rule, logs the run with counts, audits deletions, and survives a failing rule', async () => {
    const db = handle.db;
    const seen = new Map<string, number>();
    const counting = (recordType: string, defaultKeepDays: number, deleted: number): RetentionRule => ({
      recordType,
      description: { sv: recordType, en: recordType },
      defaultKeepDays,
      async purge(_tx, { keepDays }) {
        seen.set(recordType, keepDays);
        return deleted;
      },
    });
    const failing: RetentionRule = {
      ...counting('failing_records', 30, 0),
      async purge(tx) {
        // Its partial work must roll back with it.
        await tx.insertInto('units').values({ name: 'written by a failing rule', kind: 'other' }).execute();
        throw Object.assign(new Error('disk on fire'), { code: 'XX000' });
      },
    };
    await db.insertInto('retention_settings').values({ record_type: 'chat_transcripts', keep_days: 42 }).execute();

    const result = await runRetention(db, [counting('chat_transcripts', 90, 4), failing, counting('closed_cases', 1826, 0)], 'command');

    expect(seen).toEqual(new Map([['chat_transcripts', 42], ['closed_cases', 1826]]));
    expect(result.counts).toEqual({ chat_transcripts: 4, closed_cases: 0 });
    expect(result.error).toBe('failing_records: XX000');
    const run = await db.selectFrom('retention_runs').selectAll().where('id', '=', result.runId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ trigger: 'command', counts: { chat_transcripts: 4, closed_cases: 0 }, error: 'failing_records: XX000' });
    expect(run.finished_at).not.toBeNull();
    expect(await db.selectFrom('units').select('id').where('name', '=', 'written by a failing rule').execute()).toEqual([]);

    // This run's entries only (another test's scheduled run may have deleted something too).
    const audits = await db.selectFrom('audit_log').selectAll().where('action', '=', 'retention_delete').where(sql<string>`details->>'runId'`, '=', result.runId).execute();
    // Only a rule that deleted something leaves an entry.
    expect(audits.map((a) => [a.record_type, a.actor_role, a.details])).toEqual([
      ['chat_transcripts', 'system', { deleted: 4, keepDays: 42, runId: result.runId }],
    ]);
  });

  it('deletes expired sign-in residue and keeps what is fresh', async () => {
    const db = handle.db;
    const user = await makeUser(db, [{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
    const now = new Date();
    const old = new Date(now.getTime() - 2 * DAY);
    const recent = new Date(now.getTime() - DAY / 2);
    await db.insertInto('sessions').values([
      { id: 'session-old', user_id: user.id, created_at: old, last_seen_at: old },
      { id: 'session-fresh', user_id: user.id, created_at: old, last_seen_at: recent },
    ]).execute();
    await db.insertInto('pending_sign_ins').values([
      { id: 'pending-expired', user_id: user.id, stage: 'totp', candidate_secret: null, expires_at: new Date(now.getTime() - 60_000) },
      { id: 'pending-open', user_id: user.id, stage: 'totp', candidate_secret: null, expires_at: new Date(now.getTime() + 60_000) },
    ]).execute();
    await db.insertInto('sign_in_throttle').values([
      { username_key: 'old-counter', failures: 3, locked_until: null, last_failure_at: old },
      { username_key: 'fresh-counter', failures: 2, locked_until: null, last_failure_at: recent },
    ]).execute();

    const result = await runRetention(db, [signInResidueRule], 'manual', { now });

    expect(result).toMatchObject({ counts: { sign_in_residue: 3 }, error: null });
    expect((await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).map((r) => r.id)).toEqual(['session-fresh']);
    expect((await db.selectFrom('pending_sign_ins').select('id').where('user_id', '=', user.id).execute()).map((r) => r.id)).toEqual(['pending-open']);
    expect((await db.selectFrom('sign_in_throttle').select('username_key').where('username_key', 'in', ['old-counter', 'fresh-counter']).execute()).map((r) => r.username_key)).toEqual(['fresh-counter']);
  });

  it('runs on schedule through the job runner, which /api/health reports running', async () => {
    const app = await startTestApp(database.url, { RUN_JOBS: 'true', RETENTION_CRON: '*/5 * * * *' });
    try {
      const health = await app.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.json()).toEqual({ status: 'ok', database: 'ok', jobs: 'running' });
      // The cron entry is registered with graphile-worker; firing it is its business (minute granularity).
      const owner = openDatabase(database.url, 1, { asAppRole: false });
      const { rows: crontabs } = await sql<{ identifier: string }>`select identifier from graphile_worker._private_known_crontabs`.execute(owner.db).finally(() => owner.close());
      expect(crontabs.map((c) => c.identifier)).toContain('retention');

      // The job the cron entry would queue, queued now: the real runner picks it up and runs the rules.
      await quickAddJob({ connectionString: database.url }, 'retention', {});
      await waitFor(
        async () => !!(await app.db.selectFrom('retention_runs').select('id').where('trigger', '=', 'schedule').where('finished_at', 'is not', null).executeTakeFirst()),
        20_000,
        'a scheduled retention run',
      );
      expect(app.logs()).toMatch(/"msg":"retention run"/);
    } finally {
      await app.stop();
    }
  });
});
