import { sql, type Kysely } from 'kysely';

/**
 * Asking another unit to merge (issue 16): a caseworker of unit A names a record of a unit they do
 * not work in (by personnummer, or by a case number that unit gave them) and asks that it be merged
 * into A's record. The units holding the named record see the request, preview it and accept (the
 * same merge, audited and undoable) or decline with a reason. A sees nothing of the other record
 * before it is accepted: the request keeps it by id and A's answers never carry it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table person_merge_requests (
      id uuid primary key default gen_random_uuid(),
      requesting_unit_id uuid not null references units(id),
      requested_by uuid not null references users(id),
      requested_at timestamptz not null default now(),
      survivor_id uuid not null references persons(id) on delete cascade,
      other_id uuid not null references persons(id) on delete cascade,
      found_by text not null check (found_by in ('personnummer', 'case_number')),
      message text,
      status text not null default 'pending' check (status in ('pending', 'accepted', 'declined')),
      decided_by uuid references users(id),
      decided_at timestamptz,
      decline_reason text,
      merge_id uuid references person_merges(id),
      check ((status = 'declined') = (decline_reason is not null)),
      check ((status = 'accepted') = (merge_id is not null))
    );
    create index person_merge_requests_other_idx on person_merge_requests (other_id) where status = 'pending';
    create index person_merge_requests_unit_idx on person_merge_requests (requesting_unit_id, requested_at desc);
  `.execute(db);
}
