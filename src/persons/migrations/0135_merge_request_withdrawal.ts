import { sql, type Kysely } from 'kysely';

/**
 * The unit that asked another unit to merge can withdraw its request while it is unanswered (it
 * found out it was not the same person, or asked the wrong unit). A withdrawn request leaves the
 * other unit's list and can no longer be accepted; it stays in the asking unit's list as withdrawn.
 * Who withdrew and when are kept in decided_by / decided_at (the request's closing, whoever closed it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table person_merge_requests drop constraint person_merge_requests_status_check;
    alter table person_merge_requests add constraint person_merge_requests_status_check
      check (status in ('pending', 'accepted', 'declined', 'withdrawn'));
    alter table person_merge_requests add constraint person_merge_requests_withdrawn_check
      check (status <> 'withdrawn' or (decided_by is not null and decided_at is not null));
  `.execute(db);
}
