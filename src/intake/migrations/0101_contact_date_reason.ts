import { sql, type Kysely } from 'kysely';

/**
 * Why a contact is dated more than a year back, or why the age on its date (not today's) routed it:
 * the caseworker's recorded reason (issue 8, item 1). Null when none was needed or given.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table contacts add column received_on_reason text`.execute(db);
}
