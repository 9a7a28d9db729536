import { sql, type Kysely } from 'kysely';

/**
 * A list or a search reveals several persons at once: its one audit entry names them all in
 * `person_ids`, so the log review's "who looked at person X" finds it beside the entries whose
 * `person_id` is X. Null for entries about one person or none. The hash chain covers the column
 * (see canonicalSql in core/audit-log/chain.ts; a null adds nothing, so earlier seals still verify).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_log add column person_ids uuid[];
    create index audit_log_person_ids_idx on audit_log using gin (person_ids) where person_ids is not null;
  `.execute(db);
}
