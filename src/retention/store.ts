import type { Executor } from '../core/db/database.ts';

export async function setKeepDays(db: Executor, recordType: string, keepDays: number, userId: string): Promise<void> {
  await db
    .insertInto('retention_settings')
    .values({ record_type: recordType, keep_days: keepDays, updated_by: userId })
    .onConflict((oc) => oc.column('record_type').doUpdateSet({ keep_days: keepDays, updated_by: userId, updated_at: new Date() }))
    .execute();
}

/** Retention runs, newest first, as the contract has them. */
export function retentionRuns(db: Executor) {
  return db.selectFrom('retention_runs').select(['id', 'trigger', 'started_at as startedAt', 'finished_at as finishedAt', 'counts', 'kept', 'error']).orderBy('started_at', 'desc');
}

/** Stores the municipality's preservation (one row). */
export async function setPreservation(db: Executor, p: { mode: 'birth_days' | 'all'; birthDays: readonly number[]; decision: string | null }, userId: string): Promise<void> {
  const values = { mode: p.mode, birth_days: [...new Set(p.birthDays)].sort((a, b) => a - b), decision: p.decision?.trim() || null, updated_by: userId, updated_at: new Date() };
  await db
    .insertInto('retention_preservation')
    .values({ id: true, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

export function preservationRow(db: Executor) {
  return db.selectFrom('retention_preservation').select(['mode', 'birth_days as birthDays', 'decision', 'updated_at as updatedAt']).executeTakeFirst();
}
