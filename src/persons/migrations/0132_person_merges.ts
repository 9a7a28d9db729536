import { sql, type Kysely } from 'kysely';

/**
 * Merging two records of the same person (issue 16): the merged record stays, emptied and pointing
 * at the survivor (merged_into), so the merge can be undone within its window; the merge keeps
 * both records as they were and the rows that moved (table, column, primary keys).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table persons add column merged_into uuid references persons(id);
    create index persons_merged_into_idx on persons (merged_into) where merged_into is not null;

    create table person_merges (
      id uuid primary key default gen_random_uuid(),
      survivor_id uuid not null references persons(id) on delete cascade,
      merged_id uuid not null references persons(id) on delete cascade,
      merged_by uuid not null references users(id),
      merged_at timestamptz not null default now(),
      survivor_before jsonb not null,
      merged_before jsonb not null,
      moved jsonb not null,
      undone_at timestamptz,
      undone_by uuid references users(id)
    );
    create index person_merges_survivor_idx on person_merges (survivor_id, merged_at desc);
  `.execute(db);
}
