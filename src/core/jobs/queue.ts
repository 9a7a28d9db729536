import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { JobDefinition } from '../capability.ts';

/**
 * Queues a run of `job` with its payload inside the caller's transaction: if the transaction rolls
 * back, no job was queued; once it commits, whichever instance's runner is free takes it. The
 * payload is validated by the job's own schema here and again before it runs.
 */
export async function queueJob<P>(tx: Tx, job: JobDefinition<P>, payload: P): Promise<void> {
  if (!job.payload) throw new Error(`job ${job.name} takes no payload`);
  const valid = job.payload.parse(payload);
  await sql`select queue_job(${job.name}, ${JSON.stringify(valid)}::json, ${job.maxAttempts ?? null}::int)`.execute(tx);
}
