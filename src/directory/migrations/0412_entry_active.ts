import { sql, type Kysely } from 'kysely';

/**
 * Entries are deactivated, never deleted (referrals point at them): a deactivated entry is found by
 * no search and flagged to nobody, but its owner still sees it and may bring it back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table directory_entries add column active boolean not null default true;
    alter table directory_entries add column deactivated_at timestamptz;
  `.execute(db);
}
