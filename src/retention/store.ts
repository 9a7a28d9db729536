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
  return db.selectFrom('retention_runs').select(['id', 'trigger', 'started_at as startedAt', 'finished_at as finishedAt', 'counts', 'error']).orderBy('started_at', 'desc');
}
